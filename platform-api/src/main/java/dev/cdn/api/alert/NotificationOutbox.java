package dev.cdn.api.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Delivers the notifications that are due: each by its channel, then records the outcome (sent; tried again after
 * {@link Backoff}; or given up). Runs only on the replica holding the evaluator's lease, so one delivery attempt
 * is made at a time per notification.
 */
final class NotificationOutbox {

    private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);
    /** Notifications handled per pass at most, a few at a time: a slow receiver delays only its own. */
    static final int BATCH = 100;
    static final int CONCURRENCY = 8;

    private record Attempt(NotificationOutcome outcome, String error) {
    }

    private record Due(long id, String channel, String target, int attempts, String secret, AlertMessage message) {
    }

    private final DatabaseClient db;
    private final WebhookSender webhooks;
    private final EmailSender mail;
    private final Duration retryBase;

    NotificationOutbox(DatabaseClient db, WebhookSender webhooks, EmailSender mail, Duration retryBase) {
        this.db = db;
        this.webhooks = webhooks;
        this.mail = mail;
        this.retryBase = retryBase;
    }

    /** Delivers what is due at {@code now}; answers how many were sent. */
    Mono<Long> deliverDue(Instant now) {
        return db.sql("""
                        SELECT n.id, n.channel, n.target, n.attempts, r.webhook_secret, e.id AS event_id, e.state,
                               e.value, e.detail, e.at, r.id AS rule_id, r.name AS rule_name, r.kind, r.threshold,
                               r.window_seconds, s.id AS service_id, s.name AS service_name
                        FROM alert_notifications n
                        JOIN alert_events e ON e.id = n.event_id
                        JOIN alert_rules r ON r.id = e.rule_id
                        JOIN services s ON s.id = e.service_id
                        WHERE n.status = 'pending' AND n.next_attempt_at <= :now
                        ORDER BY n.next_attempt_at, n.id LIMIT :batch""")
                .bind("now", now.atOffset(ZoneOffset.UTC)).bind("batch", BATCH)
                .map((row, meta) -> new Due(row.get("id", Long.class), row.get("channel", String.class),
                        row.get("target", String.class), row.get("attempts", Integer.class),
                        row.get("webhook_secret", String.class),
                        new AlertMessage(row.get("event_id", Long.class), row.get("rule_id", UUID.class),
                                row.get("rule_name", String.class), row.get("service_id", UUID.class),
                                row.get("service_name", String.class), row.get("kind", String.class),
                                row.get("state", String.class), row.get("value", Double.class),
                                row.get("threshold", Double.class), row.get("window_seconds", Integer.class),
                                row.get("detail", String.class), AlertRules.instant(row, "at"))))
                .all()
                .flatMap(due -> attempt(due, now).flatMap(outcome -> record(due, outcome.outcome(),
                        outcome.error(), now).thenReturn(outcome.outcome())), CONCURRENCY)
                .filter(outcome -> outcome == NotificationOutcome.SENT)
                .count();
    }

    private Mono<Attempt> attempt(Due due, Instant now) {
        Mono<Void> send = switch (due.channel()) {
            case "webhook" -> due.secret() == null
                    ? Mono.error(new IllegalStateException("the rule no longer has a webhook"))
                    : webhooks.send(due.target(), due.secret(), due.message(), now);
            case "email" -> mail.send(due.target(), due.message());
            default -> Mono.error(new IllegalStateException("unknown channel " + due.channel()));
        };
        return send.thenReturn(new Attempt(NotificationOutcome.SENT, null))
                .onErrorResume(e -> {
                    String error = e.getMessage() == null ? e.toString() : e.getMessage();
                    log.info("alert notification {} ({} to {}) failed, attempt {}: {}", due.id(), due.channel(),
                            due.target(), due.attempts() + 1, error);
                    return Mono.just(new Attempt(Backoff.givesUp(due.attempts() + 1)
                            ? NotificationOutcome.GAVE_UP : NotificationOutcome.RETRY, error));
                });
    }

    private Mono<Void> record(Due due, NotificationOutcome outcome, String error, Instant now) {
        int attempts = due.attempts() + 1;
        return switch (outcome) {
            case SENT -> db.sql("""
                            UPDATE alert_notifications SET status = 'sent', attempts = :attempts, sent_at = :now,
                                last_error = NULL WHERE id = :id""")
                    .bind("attempts", attempts).bind("now", now.atOffset(ZoneOffset.UTC)).bind("id", due.id()).then();
            case RETRY -> db.sql("""
                            UPDATE alert_notifications SET attempts = :attempts, next_attempt_at = :next,
                                last_error = :error WHERE id = :id""")
                    .bind("attempts", attempts)
                    .bind("next", now.plus(Backoff.after(attempts, retryBase)).atOffset(ZoneOffset.UTC))
                    .bind("error", truncate(error)).bind("id", due.id()).then();
            case GAVE_UP -> db.sql("""
                            UPDATE alert_notifications SET status = 'failed', attempts = :attempts,
                                last_error = :error WHERE id = :id""")
                    .bind("attempts", attempts).bind("error", truncate(error)).bind("id", due.id()).then();
        };
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
