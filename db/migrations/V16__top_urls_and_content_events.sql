-- The most requested paths per service and minute, as the edges report them: each edge sends at most 20 paths per
-- service and report (a bounded Space-Saving sketch, never every URL), summed here over nodes.
CREATE TABLE service_top_urls (
    service_id  uuid NOT NULL,
    minute      timestamptz NOT NULL,
    url         text NOT NULL,
    requests    bigint NOT NULL DEFAULT 0,
    bytes       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, minute, url)
);

-- The secret each service's "content published" webhook is signed with (HMAC-SHA256 over timestamp and body). Kept
-- in the clear because verifying an HMAC needs the key itself; it only lets its holder ask for warming.
CREATE TABLE content_webhook_secrets (
    service_id  uuid PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    secret      text NOT NULL,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
