-- The latest health of each origin as each edge or shield sees it, from the periodic stats report (one row per
-- service, origin name and node, overwritten by every report that mentions it). Readers only trust rows reported
-- recently: a node re-sends every origin about once a minute, so an old row belongs to a node that went away.
CREATE TABLE origin_health (
    service_id     uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    origin_name    text NOT NULL,
    node_id        text NOT NULL,
    status         text NOT NULL CHECK (status IN ('healthy', 'unhealthy', 'unknown')),
    since          timestamptz,
    checked_at     timestamptz,
    last_error     text,
    last_error_at  timestamptz,
    reported_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, origin_name, node_id)
);
