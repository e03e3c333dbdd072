-- Domain ownership. A claim is served only once the tenant proved control of the name: a DNS TXT record at
-- _cdn-challenge.<name> holding the claim's token, or the token served over HTTP at
-- /.well-known/cdn-challenge/<token>. States: pending -> verified (-> lapsed after repeated failed re-checks).
--
-- Claims no longer hold a name exclusively while they are pending: several tenants may claim one name, and the
-- first to prove control wins (one verified claim per name). Within a tenant a name belongs to one service.
-- Existing claims start pending, each with a fresh token: none was ever proved.

ALTER TABLE domains DROP CONSTRAINT domains_pkey;
ALTER TABLE domains
    ADD COLUMN state          text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'verified', 'lapsed')),
    ADD COLUMN token          text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
    ADD COLUMN verified_at    timestamptz,
    ADD COLUMN checked_at     timestamptz,
    ADD COLUMN failed_checks  integer NOT NULL DEFAULT 0,
    ADD COLUMN last_outcome   text;
ALTER TABLE domains ADD PRIMARY KEY (service_id, name);
CREATE UNIQUE INDEX domains_tenant_name ON domains (tenant_id, name);
CREATE UNIQUE INDEX domains_verified_name ON domains (name) WHERE state = 'verified';
CREATE INDEX domains_due_idx ON domains (checked_at NULLS FIRST);

-- The re-check of claims runs on one replica at a time: whoever holds this lease until it runs out.
CREATE TABLE domain_recheck_lease (
    id      integer PRIMARY KEY CHECK (id = 1),
    holder  text,
    until   timestamptz NOT NULL
);
INSERT INTO domain_recheck_lease (id, holder, until) VALUES (1, NULL, '-infinity');
