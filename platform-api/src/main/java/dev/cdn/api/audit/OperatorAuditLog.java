package dev.cdn.api.audit;

import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every change the platform operator (or the deployment, on its behalf) makes: who, what, the value before
 * and after, and when. The operator belongs to no tenant, so these rows live apart from the tenants' audit log. Call
 * it inside the change's transaction so that a change and its record are stored together or not at all.
 */
@Component
public class OperatorAuditLog {

    private final DatabaseClient db;
    private final JsonMapper json;

    OperatorAuditLog(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<Void> record(String actor, String action, String targetType, String targetId, Object before,
                             Object after) {
        var spec = db.sql("""
                        INSERT INTO operator_audit_log (actor, action, target_type, target_id, before, after)
                        VALUES (:actor, :action, :type, :target, :before, :after)""")
                .bind("actor", actor).bind("action", action).bind("type", targetType).bind("target", targetId);
        spec = before == null ? spec.bindNull("before", Json.class) : spec.bind("before", Json.of(json.writeValueAsString(before)));
        spec = after == null ? spec.bindNull("after", Json.class) : spec.bind("after", Json.of(json.writeValueAsString(after)));
        return spec.then();
    }
}
