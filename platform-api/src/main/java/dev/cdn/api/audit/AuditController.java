package dev.cdn.api.audit;

import dev.cdn.api.error.Validation;
import dev.cdn.api.security.TenantPrincipal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/audit}: the tenant's change history, newest first, paged by {@code before} (an entry id). A token
 * limited to some services sees only the entries about those services (their creation, versions, purges and
 * warms): configurations of other services and team changes stay out of its reach.
 */
@RestController
class AuditController {

    private final DatabaseClient db;
    private final JsonMapper json;

    AuditController(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Optional filters, each checked before any query: {@code actor} (as entries name it, {@code user:<id>} or
     * {@code token:<id>}), {@code service} (entries about that service: the service, its versions, purges and
     * warms), {@code from} and {@code to} (ISO-8601 instants, {@code from} inclusive, {@code to} exclusive).
     */
    @GetMapping("/v1/audit")
    Mono<Map<String, Object>> list(@AuthenticationPrincipal TenantPrincipal caller,
                                   @RequestParam(defaultValue = "50") int limit,
                                   @RequestParam(required = false) Long before,
                                   @RequestParam(required = false) String actor,
                                   @RequestParam(required = false) String service,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to) {
        Validation v = new Validation().require(limit >= 1 && limit <= 500, "limit", "must be between 1 and 500");
        v.require(actor == null || actor.length() <= 200, "actor", "must be at most 200 characters");
        v.require(service == null || Validation.isUuid(service), "service", "must be a service id (a UUID)");
        Instant since = AuditEntry.instant(from, "from", v);
        Instant until = AuditEntry.instant(to, "to", v);
        v.throwIfInvalid();
        return db.sql("""
                        SELECT id, at, actor, action, target_type, target_id, before, after FROM audit_log
                        WHERE tenant_id = :tenant AND id < :before
                          AND (cardinality(:services::text[]) = 0
                               OR target_type = 'service' AND target_id = ANY(:services::text[])
                               OR target_type = 'version' AND split_part(target_id, '/', 1) = ANY(:services::text[]))
                          AND (:actor = '' OR actor = :actor)
                          AND (:service = '' OR split_part(target_id, '/', 1) = :service
                               OR after ->> 'serviceId' = :service OR before ->> 'serviceId' = :service)
                          AND at >= :since AND at < :until
                        ORDER BY id DESC LIMIT :limit""")
                .bind("tenant", caller.tenantId()).bind("before", before == null ? Long.MAX_VALUE : before)
                .bind("services", caller.serviceIds().stream().map(UUID::toString).toArray(String[]::new))
                .bind("actor", actor == null ? "" : actor).bind("service", service == null ? "" : service)
                .bind("since", (since == null ? AuditEntry.NO_START : since).atOffset(ZoneOffset.UTC))
                .bind("until", (until == null ? AuditEntry.NO_END : until).atOffset(ZoneOffset.UTC))
                .bind("limit", limit)
                .map((row, meta) -> AuditEntry.of(row, json))
                .all().collectList()
                .map(items -> AuditEntry.page(items, limit));
    }
}
