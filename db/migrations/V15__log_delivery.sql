-- Where a service's access records are delivered in batches (docs/observability.md, "Delivery to your endpoint"):
-- one endpoint per service. The counts of delivered and dropped records are kept in memory by the replica that
-- delivers them; this table only holds what the tenant configured.
CREATE TABLE log_deliveries (
    service_id     uuid PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    url            text NOT NULL CHECK (length(url) <= 2048),
    batch_records  integer NOT NULL CHECK (batch_records BETWEEN 1 AND 1000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The URL debugger's probes (docs/observability.md, "URL debugger"): each probe asks every connected node how it
-- would handle one URL; the nodes' answers are kept here so that whichever replica took the tenant's request can
-- read them, whichever replica the nodes are connected to. Rows older than a few minutes are deleted as new probes
-- are made.
CREATE TABLE url_probes (
    id          uuid PRIMARY KEY,
    service_id  uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE url_probe_answers (
    probe_id     uuid NOT NULL REFERENCES url_probes (id) ON DELETE CASCADE,
    node_id      text NOT NULL,
    answer       jsonb NOT NULL,
    answered_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (probe_id, node_id)
);
