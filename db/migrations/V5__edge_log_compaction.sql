-- The highest sequence number compaction has removed from edge_events. An edge resuming from an older position
-- may have missed purges that are gone, so it is told to drop each service's cache instead.
CREATE TABLE edge_log_state (
    id                 integer PRIMARY KEY CHECK (id = 1),
    compacted_through  bigint NOT NULL DEFAULT 0
);
INSERT INTO edge_log_state (id, compacted_through) VALUES (1, 0);
