package dev.cdn.api.alert;

import dev.cdn.api.security.TenantPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads a service's alert history: every change of a rule's state, newest first, with its notifications. */
@Component
class AlertHistory {

    static final int MAX_LIMIT = 200;

    /** One change of state; {@code notifications} says what became of each channel's delivery. */
    record Event(long id, UUID ruleId, String ruleName, String kind, String state, Double value, String detail,
                 Instant at, List<Notification> notifications) {
    }

    /** One channel's delivery: {@code pending} (being tried), {@code sent} or {@code failed} (given up). */
    record Notification(String channel, String target, String status, int attempts, String lastError,
                        Instant sentAt) {
    }

    private final DatabaseClient db;
    private final tools.jackson.databind.json.JsonMapper json;

    AlertHistory(DatabaseClient db, tools.jackson.databind.json.JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<List<Event>> recent(TenantPrincipal caller, UUID serviceId, int limit) {
        return db.sql("""
                        SELECT e.id, e.rule_id, r.name, r.kind, e.state, e.value, e.detail, e.at,
                               coalesce((SELECT json_agg(json_build_object('channel', n.channel, 'target', n.target,
                                            'status', n.status, 'attempts', n.attempts, 'lastError', n.last_error,
                                            'sentAt', n.sent_at) ORDER BY n.id)
                                         FROM alert_notifications n WHERE n.event_id = e.id), '[]')::text
                                 AS notifications
                        FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id
                        WHERE e.tenant_id = :tenant AND e.service_id = :service
                        ORDER BY e.id DESC LIMIT :limit""")
                .bind("tenant", caller.tenantId()).bind("service", serviceId).bind("limit", limit)
                .map((row, meta) -> new Event(row.get("id", Long.class), row.get("rule_id", UUID.class),
                        row.get("name", String.class), row.get("kind", String.class), row.get("state", String.class),
                        row.get("value", Double.class), row.get("detail", String.class), AlertRules.instant(row, "at"),
                        List.of(json.readValue(row.get("notifications", String.class), Notification[].class))))
                .all().collectList();
    }
}
