-- The fleet's private certificate authority (docs/routing.md, "Edge to shield over TLS"): it issues the short-lived
-- server certificates shields present to edges, and edges trust it for that hop only. Every CA certificate still
-- valid is published; the newest signs, so a rotation adds a row and both verify until the old one expires.
-- The private key is sealed with the operator key (cdn.certs.encryption-key, AES-256-GCM bound to the row id):
-- this table never holds it in the clear.
CREATE TABLE fleet_ca (
    id          text PRIMARY KEY,
    certificate text        NOT NULL,
    sealed_key  bytea       NOT NULL,
    not_after   timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
