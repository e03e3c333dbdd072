package dev.cdn.api.audit;

import dev.cdn.api.error.Validation;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/operator-audit}: what the platform operator (or the deployment on its behalf) changed, newest first,
 * paged by {@code before} (an entry id). Operator-only: these records belong to no tenant.
 */
@RestController
class OperatorAuditController {

    /** Actions and target types are dotted lower-case words ({@code topology.replace}, {@code edge-token}). */
    private static final Pattern WORDS = Pattern.compile("[a-z][a-z0-9.-]{0,63}");

    private final DatabaseClient db;
    private final JsonMapper json;

    OperatorAuditController(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Optional filters, each checked before any query: {@code action} ({@code edge-token.create}, ...),
     * {@code targetType} ({@code topology}, {@code edge-token}, {@code edge}), {@code targetId}, and {@code from} /
     * {@code to} (ISO-8601 instants, {@code from} inclusive, {@code to} exclusive).
     */
    @GetMapping("/v1/operator-audit")
    @Operation(summary = "List the operator's changes (topology, edge tokens, decommissioned nodes), newest first")
    Mono<Map<String, Object>> list(@RequestParam(defaultValue = "50") int limit,
                                   @RequestParam(required = false) Long before,
                                   @RequestParam(required = false) String action,
                                   @RequestParam(required = false) String targetType,
                                   @RequestParam(required = false) String targetId,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to) {
        Validation v = new Validation().require(limit >= 1 && limit <= 500, "limit", "must be between 1 and 500");
        v.require(before == null || before > 0, "before", "must be an entry id (a positive number)");
        v.require(action == null || WORDS.matcher(action).matches(), "action",
                "must be an action name such as topology.replace");
        v.require(targetType == null || WORDS.matcher(targetType).matches(), "targetType",
                "must be a target type such as topology, edge-token or edge");
        v.require(targetId == null || (!targetId.isBlank() && targetId.length() <= 200), "targetId",
                "must be 1 to 200 characters");
        Instant since = AuditEntry.instant(from, "from", v);
        Instant until = AuditEntry.instant(to, "to", v);
        v.throwIfInvalid();
        return db.sql("""
                        SELECT id, at, actor, action, target_type, target_id, before, after FROM operator_audit_log
                        WHERE id < :before AND (:action = '' OR action = :action)
                          AND (:type = '' OR target_type = :type) AND (:target = '' OR target_id = :target)
                          AND at >= :since AND at < :until
                        ORDER BY id DESC LIMIT :limit""")
                .bind("before", before == null ? Long.MAX_VALUE : before)
                .bind("action", action == null ? "" : action).bind("type", targetType == null ? "" : targetType)
                .bind("target", targetId == null ? "" : targetId)
                .bind("since", (since == null ? AuditEntry.NO_START : since).atOffset(ZoneOffset.UTC))
                .bind("until", (until == null ? AuditEntry.NO_END : until).atOffset(ZoneOffset.UTC))
                .bind("limit", limit)
                .map((row, meta) -> AuditEntry.of(row, json))
                .all().collectList()
                .map(items -> AuditEntry.page(items, limit));
    }
}
