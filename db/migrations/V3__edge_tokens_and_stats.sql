-- Credentials that edges and shields present on the control channel, created by the operator.
CREATE TABLE edge_tokens (
    id           uuid PRIMARY KEY,
    name         text NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    token_prefix text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

-- Per-minute traffic counters per service and node, summed from the deltas edges report.
CREATE TABLE service_stats (
    service_id         uuid NOT NULL,
    minute             timestamptz NOT NULL,
    node_id            text NOT NULL,
    requests           bigint NOT NULL DEFAULT 0,
    hits               bigint NOT NULL DEFAULT 0,
    misses             bigint NOT NULL DEFAULT 0,
    stale              bigint NOT NULL DEFAULT 0,
    bypass             bigint NOT NULL DEFAULT 0,
    bytes_to_clients   bigint NOT NULL DEFAULT 0,
    bytes_from_origin  bigint NOT NULL DEFAULT 0,
    origin_fetches     bigint NOT NULL DEFAULT 0,
    errors             bigint NOT NULL DEFAULT 0,
    status_2xx         bigint NOT NULL DEFAULT 0,
    status_3xx         bigint NOT NULL DEFAULT 0,
    status_4xx         bigint NOT NULL DEFAULT 0,
    status_5xx         bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, minute, node_id)
);
CREATE INDEX purges_tenant_recent_idx ON purges (tenant_id, created_at DESC);
