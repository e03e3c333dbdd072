package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/** Which edges run which version of a service; {@code complete} once every recently seen edge runs the active one. */
public record Rollout(Integer activeVersion, boolean complete, List<Edge> edges) {

    public Rollout {
        edges = ApiModels.list(edges);
    }

    public long current() {
        return edges.stream().filter(e -> "current".equals(e.status())).count();
    }

    /**
     * One edge node: {@code status} is {@code current}, {@code behind}, {@code failed} or {@code pending};
     * {@code reason} says why it is not current (the node's error when it refused the latest activation).
     */
    public record Edge(String nodeId, String role, String pop, Integer version, String status, String reason,
            String error, Instant appliedAt, Instant lastSeenAt) {
    }
}
