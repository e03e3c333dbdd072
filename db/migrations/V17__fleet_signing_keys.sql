-- Keys the control plane signs fleet credentials with (docs/routing.md, "Fleet trust"). Shields verify a request
-- from an edge with the public half. Every replica signs with the oldest key; all are published for verification.
CREATE TABLE fleet_signing_keys (
    id          text PRIMARY KEY,
    private_key bytea       NOT NULL,
    public_key  bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
