package dev.cdn.api.audit;

import dev.cdn.api.error.Validation;
import dev.cdn.api.security.TenantPrincipal;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/audit}: the tenant's change history, newest first, paged by {@code before} (an entry id). A token
 * limited to some services sees only the entries about those services (their creation, versions, purges and
 * warms): configurations of other services and team changes stay out of its reach.
 */
@RestController
class AuditController {

    record Entry(long id, Instant at, String actor, String action, String targetType, String targetId,
                 JsonNode before, JsonNode after) {
    }

    private final DatabaseClient db;
    private final JsonMapper json;

    AuditController(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    @GetMapping("/v1/audit")
    Mono<Map<String, Object>> list(@AuthenticationPrincipal TenantPrincipal caller,
                                   @RequestParam(defaultValue = "50") int limit,
                                   @RequestParam(required = false) Long before) {
        new Validation().require(limit >= 1 && limit <= 500, "limit", "must be between 1 and 500").throwIfInvalid();
        return db.sql("""
                        SELECT id, at, actor, action, target_type, target_id, before, after FROM audit_log
                        WHERE tenant_id = :tenant AND id < :before
                          AND (cardinality(:services::text[]) = 0
                               OR target_type = 'service' AND target_id = ANY(:services::text[])
                               OR target_type = 'version' AND split_part(target_id, '/', 1) = ANY(:services::text[]))
                        ORDER BY id DESC LIMIT :limit""")
                .bind("tenant", caller.tenantId()).bind("before", before == null ? Long.MAX_VALUE : before)
                .bind("services", caller.serviceIds().stream().map(UUID::toString).toArray(String[]::new))
                .bind("limit", limit)
                .map((row, meta) -> new Entry(row.get("id", Long.class), row.get("at", OffsetDateTime.class).toInstant(),
                        row.get("actor", String.class), row.get("action", String.class),
                        row.get("target_type", String.class), row.get("target_id", String.class),
                        tree(row.get("before", Json.class)), tree(row.get("after", Json.class))))
                .all().collectList()
                .map(items -> {
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("items", items);
                    page.put("next", items.size() == limit ? items.get(items.size() - 1).id() : null);
                    return page;
                });
    }

    private JsonNode tree(Json value) {
        return value == null ? null : json.readTree(value.asString());
    }

}
