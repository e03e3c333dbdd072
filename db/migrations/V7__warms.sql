-- Warming orders go through the edge event log too.
ALTER TABLE edge_events DROP CONSTRAINT edge_events_kind_check;
ALTER TABLE edge_events ADD CONSTRAINT edge_events_kind_check CHECK (kind IN ('config', 'purge', 'remove', 'warm'));

-- A warming order runs in two phases: the shield tier first, then (once every connected shield is done) edges.
CREATE TABLE warms (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    service_id  uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    urls        text[] NOT NULL,
    rate        integer NOT NULL,
    shield_seq  bigint NOT NULL,
    edge_seq    bigint,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX warms_shield_seq_idx ON warms (shield_seq) WHERE edge_seq IS NULL;
