-- Per-service secrets that nodes need and tenants may only write (docs/routing.md, "Origin authentication and debug
-- headers"). The origin-authentication value is stored only sealed (AES-256-GCM with the operator key
-- cdn.certs.encryption-key, bound to the service id, as certificate keys are); the debug token only as its SHA-256.
-- The API shows the header name, a fingerprint, the last 4 characters and when each was set; never a value.

CREATE TABLE service_secrets (
    service_id              uuid PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    tenant_id               uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    origin_auth_header      text,
    origin_auth_sealed      bytea,
    origin_auth_fingerprint text,
    origin_auth_last4       text,
    origin_auth_set_at      timestamptz,
    debug_token_sha256      text,
    debug_token_set_at      timestamptz,
    CHECK ((origin_auth_header IS NULL) = (origin_auth_sealed IS NULL))
);
