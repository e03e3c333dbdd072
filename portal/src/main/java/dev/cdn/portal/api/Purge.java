package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/**
 * A purge and its progress: {@code status} is {@code pending} while a reachable edge has not applied it,
 * {@code partial} while only unreachable edges have not, then {@code complete} (every registered edge applied it) or
 * {@code failed}.
 */
public record Purge(String id, String serviceId, String kind, List<String> values, boolean soft, long seq,
        Instant createdAt, String status, Instant completedAt, List<Edge> edges) {

    public Purge {
        values = ApiModels.list(values);
        edges = ApiModels.list(edges);
    }

    public boolean isPending() {
        // Partial still changes: the unreachable edges apply the purge when they are back.
        return "pending".equals(status) || "partial".equals(status);
    }

    public long acked() {
        return edges.stream().filter(e -> e.ackedAt() != null).count();
    }

    /**
     * One edge's part of the purge: {@code applied}, {@code failed}, {@code pending} (reachable, not applied yet) or
     * {@code unreachable} (applies it when back), and when the platform last heard from the edge.
     */
    public record Edge(String nodeId, String role, String status, Instant ackedAt, String error, Instant lastSeenAt) {
    }
}
