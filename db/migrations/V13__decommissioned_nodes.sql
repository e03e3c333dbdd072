-- An operator's decommission (DELETE /v1/edges/{id}) marks the node rather than deleting its row. A node's acks
-- register it, so an ack it sent just before it closed, stored after the decommission, brought a deleted row back and
-- held purges partial for a node that is gone (a check against a separate list of decommissioned nodes is not enough:
-- an ack write that began before the decommission committed does not see the new entry). The marked row stays, every
-- fleet query skips it, and the ack write's upsert leaves a marked row alone; a decommission and an ack write meet on
-- the row's lock, so whichever commits second sees the other. Only a new event stream (a restart) clears the mark.
ALTER TABLE edge_nodes ADD COLUMN decommissioned_at timestamptz;

-- The latest span during which a restarted node served its disk tier without having caught up with the event log
-- (fail-static), as the node reported it once it had caught up: null while it never did.
ALTER TABLE edge_nodes ADD COLUMN disk_unverified_since timestamptz;
ALTER TABLE edge_nodes ADD COLUMN disk_unverified_until timestamptz;
ALTER TABLE edge_nodes ADD COLUMN disk_unverified_hits bigint;
