package dev.cdn.api.topology;

import dev.cdn.api.audit.OperatorAuditLog;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.api.etag.EntityTags;
import dev.cdn.api.publish.EdgeEventLog;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.topology.Topology;
import io.r2dbc.postgresql.codec.Json;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Stores topology versions. A change is one transaction: the new version row, its operator audit record and its
 * {@code topology} event in the edge event log, all or nothing; nodes are woken once it committed. Changes are
 * serialized by an advisory lock, so two writers (two replicas, an operator and a bootstrap) never both take the
 * next version number from the same current one.
 */
@Component
class TopologyStore {

    /** Serializes topology changes across replicas (the If-Match check and the new version under one lock). */
    private static final long CHANGE_LOCK = 0x4344_4E5F_544F_504FL;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final EdgeEventLog events;
    private final OperatorAuditLog audit;

    TopologyStore(DatabaseClient db, TransactionalOperator tx, EdgeEventLog events, OperatorAuditLog audit) {
        this.db = db;
        this.tx = tx;
        this.events = events;
        this.audit = audit;
    }

    /** The newest stored version, or {@link StoredTopology#NONE}. */
    Mono<StoredTopology> current() {
        return db.sql("""
                        SELECT version, document, source, created_by, created_at FROM shield_topology_versions
                        ORDER BY version DESC LIMIT 1""")
                .map((row, meta) -> new StoredTopology(
                        ConfigCodec.readTopology(row.get("document", Json.class).asArray())
                                .withVersion(row.get("version", Long.class)),
                        TopologySource.of(row.get("source", String.class)), row.get("created_by", String.class),
                        row.get("created_at", OffsetDateTime.class).toInstant()))
                .one().defaultIfEmpty(StoredTopology.NONE);
    }

    /**
     * Stores {@code regions} as the next version when {@code ifMatch} names the current one; the caller has
     * validated the document. 428 without {@code If-Match} (a whole-document replace must say what it replaces).
     */
    Mono<StoredTopology> replace(List<Topology.Region> regions, String ifMatch, String actor) {
        if (ifMatch == null) {
            return Mono.error(new ApiException(HttpStatus.PRECONDITION_REQUIRED, "Precondition required",
                    "PUT /v1/topology replaces the whole topology: send If-Match with the ETag of GET /v1/topology",
                    List.of(new FieldError("If-Match", "is required"))));
        }
        return change(regions, actor, TopologySource.API, current -> {
            EntityTags.requireMatch(ifMatch, current.etag(), "the topology");
            return true;
        });
    }

    /**
     * Stores {@code regions} as the next version unless the current version already says the same (a restart of the
     * control plane with an unchanged deployment stores nothing). Returns the current version either way.
     */
    Mono<StoredTopology> bootstrap(List<Topology.Region> regions) {
        return change(regions, "deployment", TopologySource.BOOTSTRAP,
                current -> !current.topology().regions().equals(regions));
    }

    /** What a change left: the current version, and the event to announce (null when nothing was stored). */
    private record Outcome(StoredTopology current, Long seq) {
    }

    private Mono<StoredTopology> change(List<Topology.Region> regions, String actor, TopologySource source,
                                       java.util.function.Predicate<StoredTopology> proceed) {
        return db.sql("SELECT pg_advisory_xact_lock(:lock)").bind("lock", CHANGE_LOCK).then()
                .then(current())
                .flatMap(current -> {
                    if (!proceed.test(current)) {
                        return Mono.just(new Outcome(current, null));
                    }
                    Topology next = new Topology(current.version() + 1, regions);
                    return db.sql("""
                                    INSERT INTO shield_topology_versions (version, document, source, created_by)
                                    VALUES (:version, :document, :source, :by)""")
                            .bind("version", next.version()).bind("document", Json.of(ConfigCodec.write(next)))
                            .bind("source", source.label()).bind("by", actor).then()
                            .then(audit.record(actor, "topology.replace", "topology", Long.toString(next.version()),
                                    current.version() == 0 ? null : current.topology(), next))
                            .then(events.appendTopology(next))
                            .flatMap(seq -> current().map(stored -> new Outcome(stored, seq)));
                })
                .as(tx::transactional)
                .map(outcome -> {
                    if (outcome.seq() != null) {
                        events.announce(outcome.seq());
                    }
                    return outcome.current();
                });
    }
}
