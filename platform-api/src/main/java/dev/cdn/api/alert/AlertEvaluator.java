package dev.cdn.api.alert;

import dev.cdn.api.schedule.PeriodicJob;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Evaluates every enabled alert rule continuously, on one replica at a time ({@link EvaluatorLease}): each pass
 * measures each rule ({@link AlertMeasurements}), records a change of state as one history event with its
 * notifications queued in the same statement, then delivers the notifications that are due
 * ({@link NotificationOutbox}). The state change is conditional on the state read, so even two evaluators (a
 * lease handed over mid-pass) record one event per change, and so one notification per channel.
 */
@Component
class AlertEvaluator extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
    /** Rules measured at once: each is one or two small queries. */
    private static final int CONCURRENCY = 4;

    private record Rule(UUID id, UUID serviceId, AlertKind kind, Double threshold, int windowSeconds, AlertState state) {
    }

    /** What one pass did. */
    record Pass(boolean held, long evaluated, long changed, long sent) {
    }

    private static final String FLIP = """
            WITH flipped AS (
                UPDATE alert_rules SET state = :to, state_since = :now, last_value = :value, evaluated_at = :now
                WHERE id = :id AND state = :from AND enabled
                RETURNING id, tenant_id, service_id, webhook_url, emails),
            event AS (
                INSERT INTO alert_events (tenant_id, service_id, rule_id, state, value, detail, at)
                SELECT tenant_id, service_id, id, :to, :value, :detail, :now FROM flipped
                RETURNING id),
            queued AS (
                INSERT INTO alert_notifications (event_id, channel, target, next_attempt_at)
                SELECT event.id, 'webhook', f.webhook_url, :now FROM event, flipped f WHERE f.webhook_url IS NOT NULL
                UNION ALL
                SELECT event.id, 'email', r.address, :now FROM event, flipped f, unnest(f.emails) AS r (address)
                RETURNING 1)
            SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM queued) AS queued""";

    private final DatabaseClient db;
    private final AlertMeasurements measurements;
    private final AlertClock clock;
    private final EvaluatorLease lease;
    private final NotificationOutbox outbox;
    private final boolean enabled;

    /**
     * @param interval  {@code cdn.alerts.interval}: how often rules are evaluated
     * @param retryBase {@code cdn.alerts.retry-base}: the first back-off of a failed notification
     * @param enabled   {@code cdn.alerts.evaluator-enabled}: tests that run {@link #passNow} themselves turn it off
     */
    AlertEvaluator(DatabaseClient db, AlertMeasurements measurements, AlertClock clock, WebhookSender webhooks,
                   EmailSender mail, @Value("${cdn.alerts.interval:15s}") Duration interval,
                   @Value("${cdn.alerts.retry-base:10s}") Duration retryBase,
                   @Value("${cdn.alerts.evaluator-enabled:true}") boolean enabled) {
        super("alert evaluation pass", interval, interval);
        this.db = db;
        this.measurements = measurements;
        this.clock = clock;
        // Three passes' worth: a holder that misses one pass (a slow query) keeps it; a crashed one loses it soon.
        this.lease = new EvaluatorLease(db, interval.multipliedBy(3));
        this.outbox = new NotificationOutbox(db, webhooks, mail, retryBase);
        this.enabled = enabled;
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    public void stop() {
        super.stop();
        if (enabled) {
            lease.release().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(2));
        }
    }

    @Override
    protected Mono<Pass> runOnce() {
        return passNow();
    }

    /** One pass if this replica holds the lease: evaluate every rule, then deliver what is due. */
    Mono<Pass> passNow() {
        return lease.take().flatMap(held -> {
            if (!held) {
                return Mono.just(new Pass(false, 0, 0, 0));
            }
            Instant now = clock.now();
            return rules()
                    .flatMap(rule -> evaluate(rule, now).onErrorResume(e -> {
                        log.warn("alert rule {} could not be evaluated: {}", rule.id(), e.toString());
                        return Mono.just(false);
                    }), CONCURRENCY)
                    .collectList()
                    .flatMap(results -> outbox.deliverDue(now).map(sent -> new Pass(true, results.size(),
                            results.stream().filter(Boolean::booleanValue).count(), sent)));
        });
    }

    private Flux<Rule> rules() {
        return db.sql("""
                        SELECT r.id, r.service_id, r.kind, r.threshold, r.window_seconds, r.state FROM alert_rules r
                        JOIN services s ON s.id = r.service_id AND s.deleted_at IS NULL
                        WHERE r.enabled ORDER BY r.id""")
                .map((row, meta) -> new Rule(row.get("id", UUID.class), row.get("service_id", UUID.class),
                        AlertKind.fromWire(row.get("kind", String.class)).orElseThrow(),
                        row.get("threshold", Double.class), row.get("window_seconds", Integer.class),
                        AlertState.fromWire(row.get("state", String.class))))
                .all();
    }

    /** Measures one rule and records the outcome; true when its state changed. */
    private Mono<Boolean> evaluate(Rule rule, Instant now) {
        return measurements.measure(rule.kind(), rule.serviceId(), rule.windowSeconds(), now).flatMap(m -> {
            boolean breaks = m.value() != null && rule.kind().breaks(m.value(), rule.threshold());
            AlertState next = breaks ? AlertState.FIRING : AlertState.RESOLVED;
            if (next == rule.state()) {
                return bindValue(db.sql("UPDATE alert_rules SET last_value = :value, evaluated_at = :now"
                        + " WHERE id = :id"), m.value())
                        .bind("now", now.atOffset(ZoneOffset.UTC)).bind("id", rule.id()).then().thenReturn(false);
            }
            return bindValue(db.sql(FLIP), m.value())
                    .bind("to", next.wireName()).bind("from", rule.state().wireName())
                    .bind("now", now.atOffset(ZoneOffset.UTC)).bind("id", rule.id()).bind("detail", m.detail())
                    .map((row, meta) -> row.get("events", Long.class)).one()
                    .map(events -> events > 0);
        });
    }

    private static DatabaseClient.GenericExecuteSpec bindValue(DatabaseClient.GenericExecuteSpec spec, Double value) {
        return value == null ? spec.bindNull("value", Double.class) : spec.bind("value", value);
    }
}
