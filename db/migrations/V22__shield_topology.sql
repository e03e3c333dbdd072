-- The shield topology as control-plane data (docs/routing.md, "Topology"): regions, each with its shields and the
-- edge PoPs whose misses it takes by default. Every stored document is kept under its version number; the newest
-- is the current one. Nodes receive it as a 'topology' event in edge_events and acknowledge it like a config
-- (edge_acks, service id all zeros, version = the topology version).
CREATE TABLE shield_topology_versions (
    version     bigint PRIMARY KEY CHECK (version > 0),
    document    jsonb NOT NULL,
    -- 'api': an operator's PUT /v1/topology; 'bootstrap': CDN_TOPOLOGY_BOOTSTRAP at start (Terraform).
    source      text NOT NULL CHECK (source IN ('api', 'bootstrap')),
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Changes made by the platform operator (who belongs to no tenant, so audit_log cannot hold them).
CREATE TABLE operator_audit_log (
    id           bigserial PRIMARY KEY,
    actor        text NOT NULL,
    action       text NOT NULL,
    target_type  text NOT NULL,
    target_id    text NOT NULL,
    before       jsonb,
    after        jsonb,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operator_audit_log_target_idx ON operator_audit_log (target_type, id DESC);

ALTER TABLE edge_events DROP CONSTRAINT edge_events_kind_check;
ALTER TABLE edge_events ADD CONSTRAINT edge_events_kind_check
    CHECK (kind IN ('config', 'purge', 'remove', 'warm', 'certificates', 'topology'));

-- Live load as each node last reported it (GET /v1/pops, the GeoDNS responder): 0..1, the larger of its in-flight
-- requests and open client connections against their bounds.
ALTER TABLE edge_nodes ADD COLUMN load double precision CHECK (load >= 0 AND load <= 1);
ALTER TABLE edge_nodes ADD COLUMN load_reported_at timestamptz;
