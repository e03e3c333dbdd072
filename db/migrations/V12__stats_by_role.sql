-- The role of the node that reported each row: a shield's requests are the edges' fills, so client-facing
-- analytics sum the edge rows only and show shield traffic as a series of its own. Rows reported before the
-- role was sent came from either tier; they count as edge rows.
ALTER TABLE service_stats ADD COLUMN role text NOT NULL DEFAULT 'edge' CHECK (role IN ('edge', 'shield'));
