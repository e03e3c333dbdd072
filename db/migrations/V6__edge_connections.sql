-- Which stream a node is connected through (a node may reconnect to another replica before its old stream
-- ends), and when its stream ended; progress reports count only connected nodes.
ALTER TABLE edge_nodes ADD COLUMN stream_id uuid;
ALTER TABLE edge_nodes ADD COLUMN disconnected_at timestamptz;
