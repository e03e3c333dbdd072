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

-- Rule names are now URL-safe identifiers and service names carry no control or bidirectional-override
-- characters, a rule the edges check on every config they receive (config-model's Names). Stored configs written
-- under the old rules are rewritten once, so that replaying them to an edge cannot fail: a rule name keeps its
-- allowed characters with '-' for the others (cut to 64), a service name loses the refused characters.
CREATE FUNCTION pg_temp.rule_name(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(nullif(left(regexp_replace(coalesce(name, ''), '[^A-Za-z0-9_.-]', '-', 'g'), 64), ''), 'rule')
$$;
CREATE FUNCTION pg_temp.display_name(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(name, '[\u0001-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]', '', 'g')
$$;
CREATE FUNCTION pg_temp.clean_config(config jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(config->'rules') = 'array' THEN jsonb_set(cleaned, '{rules}', (
               SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(r) = 'object'
                                              THEN jsonb_set(r, '{name}', to_jsonb(pg_temp.rule_name(r->>'name')))
                                              ELSE r END ORDER BY i), '[]'::jsonb)
               FROM jsonb_array_elements(config->'rules') WITH ORDINALITY AS t(r, i)))
           ELSE cleaned END
    FROM (SELECT CASE WHEN jsonb_typeof(config->'name') = 'string'
                      THEN jsonb_set(config, '{name}', to_jsonb(pg_temp.display_name(config->>'name')))
                      ELSE config END AS cleaned) c
$$;
UPDATE service_versions SET config = pg_temp.clean_config(config) WHERE config <> pg_temp.clean_config(config);
UPDATE edge_events SET payload = pg_temp.clean_config(payload)
WHERE kind = 'config' AND payload <> pg_temp.clean_config(payload);
UPDATE services SET name = pg_temp.display_name(name) WHERE name <> pg_temp.display_name(name);
