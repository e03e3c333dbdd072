-- Nodes an operator decommissioned (DELETE /v1/edges/{id}). A node's acks register it, so an ack it sent just
-- before it closed, stored after the decommission, would bring it back and hold purges partial for a node that is
-- gone. While its row is here its acks are ignored; it rejoins only by opening a new event stream (a restart).
CREATE TABLE decommissioned_nodes (
    node_id           text PRIMARY KEY,
    decommissioned_at timestamptz NOT NULL DEFAULT now()
);

-- The latest span during which a restarted node served its disk tier without having caught up with the event log
-- (fail-static), as the node reported it once it had caught up: null while it never did.
ALTER TABLE edge_nodes ADD COLUMN disk_unverified_since timestamptz;
ALTER TABLE edge_nodes ADD COLUMN disk_unverified_until timestamptz;
ALTER TABLE edge_nodes ADD COLUMN disk_unverified_hits bigint;
