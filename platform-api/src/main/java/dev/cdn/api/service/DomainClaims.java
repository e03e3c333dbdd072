package dev.cdn.api.service;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps the platform-wide domain table in step with a service's versions: a service holds every domain named by
 * its drafts and its active version, and no other. Run inside the transaction that changed the versions; a
 * domain held by another service fails the whole change.
 */
@Component
class DomainClaims {

    private final DatabaseClient db;

    DomainClaims(DatabaseClient db) {
        this.db = db;
    }

    /** Re-claims the service's domains; {@code fieldDomains} locates conflicts in the caller's request. */
    Mono<Void> sync(UUID serviceId, UUID tenantId, List<String> fieldDomains) {
        Mono<List<String>> desired = db.sql("""
                        SELECT DISTINCT jsonb_array_elements_text(config->'domains') AS name FROM service_versions
                        WHERE service_id = :id AND state IN ('draft', 'active')""")
                .bind("id", serviceId)
                .map((row, meta) -> row.get("name", String.class)).all().collectList();
        return desired.flatMap(names -> {
            String[] array = names.toArray(String[]::new);
            Mono<Void> release = db.sql("DELETE FROM domains WHERE service_id = :id AND NOT (name = ANY(:names))")
                    .bind("id", serviceId).bind("names", array).then();
            Mono<Void> claim = db.sql("""
                            INSERT INTO domains (name, service_id, tenant_id) SELECT unnest(:names::text[]), :id, :tenant
                            ON CONFLICT (name) DO NOTHING""")
                    .bind("names", array).bind("id", serviceId).bind("tenant", tenantId).then();
            Mono<List<String>> conflicts = db.sql("SELECT name FROM domains WHERE name = ANY(:names) AND service_id <> :id")
                    .bind("names", array).bind("id", serviceId)
                    .map((row, meta) -> row.get("name", String.class)).all().collectList();
            return release.then(claim).then(conflicts).flatMap(taken -> {
                if (taken.isEmpty()) {
                    return Mono.<Void>empty();
                }
                List<FieldError> errors = new ArrayList<>();
                for (int i = 0; i < fieldDomains.size(); i++) {
                    if (taken.contains(fieldDomains.get(i))) {
                        errors.add(new FieldError("domains[" + i + "]",
                                "'" + fieldDomains.get(i) + "' is already used by another service"));
                    }
                }
                if (errors.isEmpty()) {
                    errors.add(new FieldError("domains", "already used by another service: " + String.join(", ", taken)));
                }
                return Mono.error(ApiException.invalid(errors));
            });
        });
    }
}
