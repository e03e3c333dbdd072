-- Row revisions behind the API's strong ETags (RFC 9110 §8.8.3): every change to a service, a version or a user
-- adds one in the same statement, so every API replica derives the same ETag from the database and If-Match is
-- checked under the row lock the change takes.
ALTER TABLE services ADD COLUMN revision bigint NOT NULL DEFAULT 1;
ALTER TABLE service_versions ADD COLUMN revision bigint NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN revision bigint NOT NULL DEFAULT 1;

-- A deleted service keeps its row, versions and audit history; it is no longer listed or served, and its domains
-- are released for any service to claim.
ALTER TABLE services ADD COLUMN deleted_at timestamptz;
CREATE INDEX services_tenant_live_idx ON services (tenant_id) WHERE deleted_at IS NULL;
