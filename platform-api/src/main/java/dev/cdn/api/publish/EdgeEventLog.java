package dev.cdn.api.publish;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.PurgeCommand;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.WarmCommand;
import io.r2dbc.postgresql.codec.Json;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable, sequenced log of what edges must apply (configs, purges, removals). Appends join the caller's
 * transaction, so an activation or purge is either stored and sequenced, or not at all.
 */
@Component
public class EdgeEventLog {

    /** Serializes appends so that sequence order equals commit order (see {@link #append}). */
    private static final long APPEND_LOCK = 0x4344_4E5F_4C4F_47L;

    private final DatabaseClient db;
    private final EdgeEventHub hub;
    private final TransactionalOperator tx;
    private final NodeSecrets secrets;

    EdgeEventLog(DatabaseClient db, EdgeEventHub hub, TransactionalOperator tx, NodeSecrets secrets) {
        this.db = db;
        this.hub = hub;
        this.tx = tx;
        this.secrets = secrets;
    }

    /** Appends a service's new active configuration; returns its sequence number. */
    public Mono<Long> appendConfig(ServiceConfig config) {
        return append("config", config.id(), ConfigCodec.write(config));
    }

    public Mono<Long> appendPurge(PurgeCommand purge) {
        return append("purge", purge.serviceId(), ConfigCodec.write(purge));
    }

    public Mono<Long> appendWarm(WarmCommand warm) {
        return append("warm", warm.serviceId(), ConfigCodec.write(warm));
    }

    /** Tells nodes that the service's certificates or challenge answers changed (they fetch them). */
    public Mono<Long> appendCertificates(String serviceId) {
        return append("certificates", serviceId, "{}");
    }

    /** Appends the whole shield topology (docs/routing.md, "Topology"); returns its sequence number. */
    public Mono<Long> appendTopology(dev.cdn.config.topology.Topology topology) {
        return append("topology", EdgeEvent.TOPOLOGY_SUBJECT, ConfigCodec.write(topology));
    }

    public Mono<Long> appendRemove(String serviceId) {
        return append("remove", serviceId, "{}");
    }

    /** Wakes the streams of connected edges; call after the appending transaction committed. */
    public void announce() {
        hub.announce();
    }

    /** Wakes the streams of connected edges for the event {@code seq}; call after its transaction committed. */
    public void announce(long seq) {
        hub.announce(seq);
    }

    /**
     * Appends under a transaction-scoped advisory lock. Without it, a transaction holding seq 5 could commit
     * after one holding seq 6, and an edge that already read 6 would never see 5; with it, appends commit in
     * sequence order. Joins the caller's transaction when there is one.
     *
     * <p>One statement, one round trip: the row is built from the lock's result, so the lock is held before the
     * sequence number is drawn; the notification (sent by PostgreSQL at commit) names the new sequence.
     */
    private Mono<Long> append(String kind, String serviceId, String payload) {
        return db.sql("""
                        WITH locked AS (SELECT pg_advisory_xact_lock(:lock)),
                             appended AS (
                                INSERT INTO edge_events (kind, service_id, payload)
                                SELECT :kind, :service, :payload FROM locked
                                RETURNING seq)
                        SELECT seq, pg_notify('%s', seq::text) FROM appended""".formatted(EventNotifications.CHANNEL))
                .bind("lock", APPEND_LOCK).bind("kind", kind).bind("service", UUID.fromString(serviceId))
                .bind("payload", Json.of(payload))
                .map((row, meta) -> row.get("seq", Long.class))
                .one()
                .as(tx::transactional);
    }

    /** Events after {@code seq}, in order, at most {@code limit}. */
    Flux<EdgeEvent> after(long seq, int limit) {
        return db.sql("""
                        SELECT e.seq, e.kind, e.service_id, e.payload, %s
                        FROM edge_events e LEFT JOIN service_secrets s ON s.service_id = e.service_id AND e.kind = 'config'
                        WHERE e.seq > :seq ORDER BY e.seq LIMIT :limit""".formatted(SECRET_COLUMNS))
                .bind("seq", seq).bind("limit", limit)
                .map((row, meta) -> {
                    EdgeEvent e = toEvent(row.get("seq", Long.class), row.get("kind", String.class),
                            row.get("service_id", UUID.class), row.get("payload", Json.class));
                    return e.type() == EdgeEvent.Type.CONFIG ? EdgeEvent.config(e.seq(), withSecrets(e.service(), row))
                            : e;
                })
                .all();
    }

    /** The newest config of every service not removed since, each stamped with {@code stampSeq}. */
    Flux<EdgeEvent> currentConfigs(long upToSeq, long stampSeq) {
        return db.sql("""
                        SELECT latest.*, %s FROM (
                          SELECT DISTINCT ON (service_id) seq, kind, service_id, payload FROM edge_events
                          WHERE kind IN ('config', 'remove') AND seq <= :upTo ORDER BY service_id, seq DESC) latest
                        LEFT JOIN service_secrets s ON s.service_id = latest.service_id
                        WHERE latest.kind = 'config' ORDER BY latest.seq""".formatted(SECRET_COLUMNS))
                .bind("upTo", upToSeq)
                .map((row, meta) -> EdgeEvent.config(stampSeq, withSecrets(
                        ConfigCodec.readServiceConfig(row.get("payload", Json.class).asArray()), row)))
                .all();
    }

    /**
     * The newest topology at or before {@code upToSeq}, stamped with {@code stampSeq}, for a node that starts from
     * the current state rather than replaying the log; empty when no topology was ever stored.
     */
    Flux<EdgeEvent> currentTopology(long upToSeq, long stampSeq) {
        return db.sql("SELECT payload FROM edge_events WHERE kind = 'topology' AND seq <= :upTo ORDER BY seq DESC LIMIT 1")
                .bind("upTo", upToSeq)
                .map((row, meta) -> EdgeEvent.topology(stampSeq,
                        ConfigCodec.readTopology(row.get("payload", Json.class).asArray())))
                .all();
    }

    /** The highest sequence compaction has removed; an edge resuming from before it may have missed purges. */
    Mono<Long> compactedThrough() {
        return db.sql("SELECT compacted_through FROM edge_log_state WHERE id = 1")
                .map((row, meta) -> row.get("compacted_through", Long.class)).one().defaultIfEmpty(0L);
    }

    Mono<Long> head() {
        return db.sql("SELECT coalesce(max(seq), 0) AS head FROM edge_events")
                .map((row, meta) -> row.get("head", Long.class)).one();
    }

    /** The columns of a service's secrets the reads join (null where the service has none). */
    private static final String SECRET_COLUMNS = "s.origin_auth_header, s.origin_auth_sealed, s.debug_token_sha256";

    private ServiceConfig withSecrets(ServiceConfig config, io.r2dbc.spi.Readable row) {
        return secrets.attach(config, row.get("origin_auth_header", String.class),
                row.get("origin_auth_sealed", java.nio.ByteBuffer.class), row.get("debug_token_sha256", String.class));
    }

    private static EdgeEvent toEvent(long seq, String kind, UUID serviceId, Json payload) {
        return switch (kind) {
            case "config" -> EdgeEvent.config(seq, ConfigCodec.readServiceConfig(payload.asArray()));
            case "purge" -> EdgeEvent.purge(seq, ConfigCodec.readPurgeCommand(payload.asArray()));
            case "warm" -> EdgeEvent.warm(seq, ConfigCodec.readWarmCommand(payload.asArray()));
            case "certificates" -> EdgeEvent.certificates(seq, serviceId.toString());
            case "topology" -> EdgeEvent.topology(seq, ConfigCodec.readTopology(payload.asArray()));
            default -> EdgeEvent.remove(seq, serviceId.toString());
        };
    }
}
