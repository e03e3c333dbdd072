package dev.cdn.api.purge;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.ArrayList;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Reads purges with their per-edge progress, one query per answer (the portal polls it while edges acknowledge):
 * every registered node is listed, reachable or not, since an edge that is down when a purge is issued still holds
 * the purged objects (on disk) and applies the purge only when it is back. A node that applied any later event has
 * applied this one too, since edges apply events in order; so has a node that registered after the purge, once it
 * has caught up (it starts from the configs at the head of the log). A node is reachable when its stream is open
 * and it was heard from within 30 s (heartbeats come every 10 s).
 */
@Component
class PurgeProgress {

    private static final String WITH_EDGES = """
            SELECT p.id, p.service_id, p.kind, p.purge_values, p.soft, p.seq, p.created_at,
                   e.node_id, e.role, e.applied_seq, e.status, e.acked_at, e.error, e.last_seen_at,
                   e.reachable
            FROM (%s) p
            LEFT JOIN LATERAL (
                SELECT n.node_id, n.role, n.applied_seq, a.status, a.acked_at, a.error, n.last_seen_at,
                       n.disconnected_at IS NULL
                         AND n.last_seen_at > now() - interval '30 seconds' AS reachable
                FROM edge_nodes n LEFT JOIN edge_acks a ON a.node_id = n.node_id AND a.seq = p.seq
                WHERE n.decommissioned_at IS NULL) e ON true
            ORDER BY p.seq DESC, e.node_id""";

    private final DatabaseClient db;

    PurgeProgress(DatabaseClient db) {
        this.db = db;
    }

    /** One purge of the tenant (empty when it has none of that id). */
    Flux<PurgeView> one(UUID tenantId, UUID purgeId) {
        return read(db.sql(WITH_EDGES.formatted("SELECT * FROM purges WHERE id = :id AND tenant_id = :tenant"))
                .bind("id", purgeId).bind("tenant", tenantId));
    }

    /** The service's latest {@code limit} purges, newest first. */
    Flux<PurgeView> recent(UUID tenantId, UUID serviceId, int limit) {
        return read(db.sql(WITH_EDGES.formatted("""
                        SELECT * FROM purges WHERE service_id = :service AND tenant_id = :tenant
                        ORDER BY seq DESC LIMIT :limit"""))
                .bind("service", serviceId).bind("tenant", tenantId).bind("limit", limit));
    }

    private static Flux<PurgeView> read(DatabaseClient.GenericExecuteSpec query) {
        return query.map((row, meta) -> {
                    long seq = row.get("seq", Long.class);
                    PurgeView purge = new PurgeView(row.get("id", UUID.class), row.get("service_id", UUID.class),
                            row.get("kind", String.class), Arrays.asList(row.get("purge_values", String[].class)),
                            row.get("soft", Boolean.class), seq,
                            row.get("created_at", OffsetDateTime.class).toInstant(), PurgeStatus.PENDING, null,
                            List.of());
                    String node = row.get("node_id", String.class);
                    if (node == null) {
                        return new PurgeRow(purge, null);
                    }
                    Long applied = row.get("applied_seq", Long.class);
                    EdgePurgeStatus status = EdgePurgeStatus.of(row.get("status", String.class),
                            applied != null && applied >= seq, Boolean.TRUE.equals(row.get("reachable", Boolean.class)));
                    OffsetDateTime acked = row.get("acked_at", OffsetDateTime.class);
                    return new PurgeRow(purge, new PurgeView.EdgeStatus(node, row.get("role", String.class), status,
                            acked == null ? null : acked.toInstant(), row.get("error", String.class),
                            row.get("last_seen_at", OffsetDateTime.class).toInstant()));
                })
                .all().collectList()
                .flatMapIterable(PurgeProgress::group);
    }

    /** Rows come ordered by purge, then node: one view per purge, in that order. */
    private static List<PurgeView> group(List<PurgeRow> rows) {
        Map<UUID, PurgeView> purges = new LinkedHashMap<>();
        Map<UUID, List<PurgeView.EdgeStatus>> edges = new LinkedHashMap<>();
        for (PurgeRow row : rows) {
            purges.putIfAbsent(row.purge().id(), row.purge());
            List<PurgeView.EdgeStatus> of = edges.computeIfAbsent(row.purge().id(), id -> new ArrayList<>());
            if (row.edge() != null) {
                of.add(row.edge());
            }
        }
        return purges.values().stream().map(p -> withEdges(p, edges.get(p.id()))).toList();
    }

    /** One row of the query: a purge, and one edge (null when no edge is registered). */
    private record PurgeRow(PurgeView purge, PurgeView.EdgeStatus edge) {
    }

    private static PurgeView withEdges(PurgeView p, List<PurgeView.EdgeStatus> edges) {
        PurgeStatus status = PurgeStatus.of(edges.stream().map(PurgeView.EdgeStatus::status).toList());
        Instant completed = status == PurgeStatus.COMPLETE ? edges.stream().map(PurgeView.EdgeStatus::ackedAt)
                .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null) : null;
        return new PurgeView(p.id(), p.serviceId(), p.kind(), p.values(), p.soft(), p.seq(), p.createdAt(),
                status, completed, List.copyOf(edges));
    }
}
