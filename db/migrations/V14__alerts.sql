-- Alert rules of a service, their history and the notifications they send (docs/observability.md#alerts).

-- How long origins took to answer, per minute and node: counts per bucket of config-model's OriginLatencyBuckets
-- (empty when the node timed no origin request, and in rows reported before nodes sent it).
ALTER TABLE service_stats ADD COLUMN origin_ms bigint[] NOT NULL DEFAULT '{}';
--
-- A rule watches one condition over data the platform already records (service_stats, origin_health,
-- edge_events / edge_nodes). Its state is 'resolved' until the condition holds, then 'firing' until it no longer
-- does; each change of state is one row of alert_events, and each event queues one notification per channel of
-- the rule (alert_notifications), so a condition that holds for hours notifies once.
CREATE TABLE alert_rules (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    service_id      uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    name            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('hit_ratio_below', 'error_rate_above', 'origin_latency_p95_above',
                                                   'origin_unhealthy', 'ack_overdue', 'edge_offline')),
    -- Null for the kinds that have no threshold, only a time.
    threshold       double precision,
    window_seconds  integer NOT NULL CHECK (window_seconds > 0),
    enabled         boolean NOT NULL DEFAULT true,
    webhook_url     text,
    -- The HMAC-SHA256 key of the webhook's signature; a receiver holds the same secret, so it is kept as is.
    webhook_secret  text,
    emails          text[] NOT NULL DEFAULT '{}',
    state           text NOT NULL DEFAULT 'resolved' CHECK (state IN ('firing', 'resolved')),
    state_since     timestamptz,
    last_value      double precision,
    evaluated_at    timestamptz,
    revision        bigint NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_service_idx ON alert_rules (tenant_id, service_id);

-- One row per change of a rule's state: the history the API lists.
CREATE TABLE alert_events (
    id          bigserial PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    service_id  uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    rule_id     uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
    state       text NOT NULL CHECK (state IN ('firing', 'resolved')),
    value       double precision,
    detail      text NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX alert_events_service_idx ON alert_events (service_id, id DESC);

-- The outbox of notifications: one row per event and channel, retried with exponential back-off until sent or
-- until the attempts run out.
CREATE TABLE alert_notifications (
    id               bigserial PRIMARY KEY,
    event_id         bigint NOT NULL REFERENCES alert_events (id) ON DELETE CASCADE,
    channel          text NOT NULL CHECK (channel IN ('webhook', 'email')),
    target           text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    sent_at          timestamptz,
    UNIQUE (event_id, channel, target)
);
CREATE INDEX alert_notifications_due_idx ON alert_notifications (next_attempt_at) WHERE status = 'pending';

-- Rules are evaluated and notifications sent by one replica at a time: whoever holds this lease until it runs out.
CREATE TABLE alert_evaluator_lease (
    id      integer PRIMARY KEY CHECK (id = 1),
    holder  text,
    until   timestamptz NOT NULL
);
INSERT INTO alert_evaluator_lease (id, holder, until) VALUES (1, NULL, '-infinity');
