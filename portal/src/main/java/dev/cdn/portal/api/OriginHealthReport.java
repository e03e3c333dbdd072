package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/**
 * The health of a service's origins as the edges and shields report it ({@code GET /v1/services/{id}/origins/health}).
 *
 * @param version the configuration version the origins come from (the active one, else the newest)
 */
public record OriginHealthReport(String serviceId, int version, List<OriginState> origins) {

    public OriginHealthReport {
        origins = ApiModels.list(origins);
    }

    /** A report that knows nothing, for when the API would not say (an origin then shows as unknown). */
    public static OriginHealthReport none(String serviceId) {
        return new OriginHealthReport(serviceId, 0, List.of());
    }

    /** The named origin's health, or an unknown one when no node reported on it (a draft's new origin, say). */
    public OriginState of(String name) {
        return origins.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseGet(() -> new OriginState(name, null, "unknown", 0, 0, 0, null, null, null, List.of()));
    }

    /**
     * One origin across nodes: {@code status} is {@code healthy}, {@code unhealthy}, {@code degraded} (nodes
     * disagree) or {@code unknown}; the counts say how many nodes reported each.
     */
    public record OriginState(String name, String pool, String status, int healthy, int unhealthy, int unknown,
            Instant lastCheckedAt, String lastError, Instant lastErrorAt, List<NodeState> edges) {

        public OriginState {
            edges = ApiModels.list(edges);
        }

        /** The last error as a sentence a customer can act on (see {@link OriginErrorText}); null when none. */
        public String plainLastError() {
            return OriginErrorText.plain(lastError);
        }

        /** How many nodes reported on this origin. */
        public int reporting() {
            return healthy + unhealthy + unknown;
        }

        /** One line for people: "2 of 3 nodes healthy", or why nothing is known. */
        public String summary() {
            if (reporting() == 0) {
                return "no edge has reported on this origin";
            }
            String nodes = reporting() == 1 ? " node" : " nodes";
            return switch (status) {
                case "unhealthy" -> unhealthy + " of " + reporting() + nodes + " unhealthy";
                case "unknown" -> reporting() + nodes + " reporting, none has checked it yet";
                default -> healthy + " of " + reporting() + nodes + " healthy";
            };
        }
    }

    /** One edge's or shield's view of one origin. */
    public record NodeState(String nodeId, String role, String status, Instant since, Instant checkedAt,
            String lastError, Instant lastErrorAt, Instant reportedAt) {
    }
}
