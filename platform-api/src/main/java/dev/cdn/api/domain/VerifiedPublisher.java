package dev.cdn.api.domain;

import dev.cdn.api.publish.EdgeEventLog;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.ServiceConfig;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes what edges may serve of a service: its active configuration with only the domains whose ownership is
 * verified. With none verified the service is removed from the edges until one is. Called on activation and
 * whenever a claim of an active service enters or leaves the verified state; the version number stays, and edges
 * apply an equal version whose domains changed.
 */
@Component
public class VerifiedPublisher {

    private final DatabaseClient db;
    private final EdgeEventLog events;

    VerifiedPublisher(DatabaseClient db, EdgeEventLog events) {
        this.db = db;
        this.events = events;
    }

    /** Appends {@code active} (just activated) restricted to its verified domains; joins the caller's transaction. */
    public Mono<Void> publish(ServiceConfig active) {
        UUID serviceId = UUID.fromString(active.id());
        return verifiedNames(serviceId).flatMap(verified -> {
            List<String> served = active.domains().stream().filter(verified::contains).toList();
            if (served.isEmpty()) {
                return events.appendRemove(active.id()).then();
            }
            return events.appendConfig(new ServiceConfig(active.id(), active.tenantId(), active.name(),
                    active.version(), served, active.origins(), active.rules(), active.settings(), active.logic(),
                    active.protection())).then();
        });
    }

    /** Re-publishes the service's active version, if it has one; joins the caller's transaction. */
    public Mono<Void> republish(UUID serviceId) {
        return db.sql("SELECT config FROM service_versions WHERE service_id = :id AND state = 'active'")
                .bind("id", serviceId)
                .map((row, meta) -> ConfigCodec.readServiceConfig(row.get("config", Json.class).asArray()))
                .one()
                .flatMap(this::publish);
    }

    private Mono<List<String>> verifiedNames(UUID serviceId) {
        return db.sql("SELECT name FROM domains WHERE service_id = :id AND state = 'verified'")
                .bind("id", serviceId)
                .map((row, meta) -> row.get("name", String.class)).all().collectList();
    }
}
