-- The control plane's system of record. Every tenant-owned row carries tenant_id and every query filters on it.

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email          text NOT NULL,
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    created_at     timestamptz NOT NULL DEFAULT now()
);
-- One account per email address across the platform (log-in is by email alone).
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_tenant_idx ON users (tenant_id);

-- Session tokens (issued at log-in) and API tokens (created by users). Only a SHA-256 of the secret is stored.
CREATE TABLE api_tokens (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id       uuid REFERENCES users (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('session', 'api')),
    name          text NOT NULL,
    token_hash    text NOT NULL UNIQUE,
    token_prefix  text NOT NULL,
    scopes        text[] NOT NULL,
    service_ids   uuid[],
    expires_at    timestamptz,
    revoked_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz
);
CREATE INDEX api_tokens_tenant_idx ON api_tokens (tenant_id, kind);

CREATE TABLE services (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name            text NOT NULL,
    active_version  integer,
    latest_version  integer NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_tenant_idx ON services (tenant_id);

-- Each version holds a whole service definition in the config-model format. Drafts are editable; a version
-- that has been active is immutable forever (state 'active' or 'inactive').
CREATE TABLE service_versions (
    service_id    uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    number        integer NOT NULL,
    state         text NOT NULL CHECK (state IN ('draft', 'active', 'inactive')),
    config        jsonb NOT NULL,
    comment       text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    activated_at  timestamptz,
    PRIMARY KEY (service_id, number)
);
CREATE UNIQUE INDEX service_versions_one_active ON service_versions (service_id) WHERE state = 'active';

-- Domains are unique across the whole platform: a host name routes to exactly one service.
CREATE TABLE domains (
    name        text PRIMARY KEY,
    service_id  uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX domains_service_idx ON domains (service_id);

-- The durable, sequenced log that edges replay: configs, purges and removals, in order.
CREATE TABLE edge_events (
    seq         bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('config', 'purge', 'remove')),
    service_id  uuid NOT NULL,
    payload     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE purges (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    service_id  uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('url', 'tag', 'prefix', 'all')),
    purge_values text[] NOT NULL,
    soft        boolean NOT NULL,
    seq         bigint NOT NULL,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purges_service_idx ON purges (service_id, created_at DESC);

-- Edge and shield nodes that have connected, and what they acknowledged.
CREATE TABLE edge_nodes (
    node_id       text PRIMARY KEY,
    role          text NOT NULL,
    pop           text NOT NULL,
    applied_seq   bigint NOT NULL DEFAULT 0,
    connected_at  timestamptz,
    last_seen_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE edge_acks (
    node_id     text NOT NULL,
    seq         bigint NOT NULL,
    service_id  uuid NOT NULL,
    version     integer,
    purge_id    uuid,
    status      text NOT NULL CHECK (status IN ('applied', 'failed')),
    error       text,
    acked_at    timestamptz NOT NULL DEFAULT now(),
    -- A fresh edge receives every service's config stamped with one sequence number, hence the service id.
    PRIMARY KEY (node_id, seq, service_id)
);
CREATE INDEX edge_acks_purge_idx ON edge_acks (purge_id) WHERE purge_id IS NOT NULL;
