package dev.cdn.api.audit;

import dev.cdn.api.security.TenantPrincipal;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every change a tenant makes: who (user or token), what, the value before and after, and when. Call it
 * inside the change's transaction so that a change and its audit record are stored together or not at all.
 */
@Component
public class AuditLog {

    private final DatabaseClient db;
    private final JsonMapper json;

    AuditLog(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<Void> record(TenantPrincipal actor, String action, String targetType, String targetId,
                             Object before, Object after) {
        var spec = db.sql("""
                        INSERT INTO audit_log (tenant_id, actor, action, target_type, target_id, before, after)
                        VALUES (:tenant, :actor, :action, :type, :target, :before, :after)""")
                .bind("tenant", actor.tenantId()).bind("actor", actor.actor()).bind("action", action)
                .bind("type", targetType).bind("target", targetId);
        spec = before == null ? spec.bindNull("before", Json.class) : spec.bind("before", Json.of(json.writeValueAsString(before)));
        spec = after == null ? spec.bindNull("after", Json.class) : spec.bind("after", Json.of(json.writeValueAsString(after)));
        return spec.then();
    }
}
