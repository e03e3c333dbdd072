package dev.cdn.edge.load;

/**
 * How loaded a node is, as one figure from 0 (idle) to 1 (full) that the GeoDNS responder weighs (docs/routing.md,
 * "Live load from the fleet"): its open client connections against the connections it is sized for
 * ({@code --load-capacity}). Connections, not requests per second: they are what a node holds memory and file
 * descriptors for, they rise with slow clients as well as busy ones, and reading the count costs nothing.
 */
public final class NodeLoad {

    private NodeLoad() {
    }

    /** {@code connections / capacity}, capped at 1. */
    public static double of(int connections, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        return Math.min(1.0, Math.max(0, connections) / (double) capacity);
    }
}
