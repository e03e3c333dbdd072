-- Nodes an operator decommissioned (DELETE /v1/edges/{id}). A node's acks register it, so an ack it sent just
-- before it closed, stored after the decommission, would bring it back and hold purges partial for a node that is
-- gone. While its row is here its acks are ignored; it rejoins only by opening a new event stream (a restart).
CREATE TABLE decommissioned_nodes (
    node_id           text PRIMARY KEY,
    decommissioned_at timestamptz NOT NULL DEFAULT now()
);
