-- Certificates for tenants' verified domains: uploaded by the tenant or obtained through ACME (RFC 8555).
-- Private keys are stored only encrypted (AES-256-GCM with the operator key cdn.certs.encryption-key); the
-- nonce is the first 12 bytes of key_sealed. Edges fetch the active certificates (keys decrypted for them only)
-- when a 'certificates' event tells them the set changed.

CREATE TABLE certificates (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    service_id      uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    source          text NOT NULL CHECK (source IN ('upload', 'acme')),
    names           text[] NOT NULL,
    chain_pem       text NOT NULL,
    key_sealed      bytea NOT NULL,
    fingerprint     text NOT NULL,
    not_before      timestamptz NOT NULL,
    not_after       timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificates_service_idx ON certificates (service_id);

-- ACME state per service: what the platform asks for, where it stands, and when it tries next.
CREATE TABLE acme_orders (
    service_id      uuid PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    status          text NOT NULL CHECK (status IN ('pending', 'issued', 'failed')),
    names           text[] NOT NULL,
    certificate_id  uuid REFERENCES certificates (id) ON DELETE SET NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    last_attempt_at timestamptz,
    next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX acme_orders_due_idx ON acme_orders (next_attempt_at);

-- HTTP-01 answers (RFC 8555 section 8.3) that every edge serves at /.well-known/acme-challenge/<token> for host.
CREATE TABLE acme_challenges (
    host            text NOT NULL,
    token           text NOT NULL,
    key_authorization text NOT NULL,
    service_id      uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (host, token)
);

-- The platform's ACME account key (one per directory URL), sealed like certificate keys.
CREATE TABLE acme_accounts (
    directory_url   text PRIMARY KEY,
    key_sealed      bytea NOT NULL,
    account_url     text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE edge_events DROP CONSTRAINT edge_events_kind_check;
ALTER TABLE edge_events ADD CONSTRAINT edge_events_kind_check
    CHECK (kind IN ('config', 'purge', 'remove', 'warm', 'certificates'));
