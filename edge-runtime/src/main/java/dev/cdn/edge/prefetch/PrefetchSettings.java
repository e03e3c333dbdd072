package dev.cdn.edge.prefetch;

import java.time.Duration;

/**
 * How a shield learns what follows what, and how much it may prefetch. Every bound is here: clients and objects
 * tracked, successors per object, and the per-service budget (each service has buckets of its own, so one
 * service's prefetching never spends another's).
 *
 * @param perSecond       prefetches per second per service (0: prefetching off; learning still costs nothing then)
 * @param bytesPerSecond  body bytes prefetched per second per service
 * @param sessionWindow   two requests of one client this close are one session: the later follows the earlier
 * @param maxClients      client sessions remembered (least recently seen forgotten first)
 * @param maxObjects      objects whose successors are remembered (W-TinyLFU chooses which)
 * @param successors      successors kept per object (the least counted replaced, Space-Saving)
 * @param minCount        times B must have followed A before A predicts B
 * @param minConfidence   share of A's requests that B followed before A predicts B
 * @param maxPredictions  objects prefetched after one request at most
 */
public record PrefetchSettings(int perSecond, long bytesPerSecond, Duration sessionWindow, int maxClients,
                               int maxObjects, int successors, int minCount, double minConfidence,
                               int maxPredictions) {

    /** No prefetching (the default of a node). */
    public static final PrefetchSettings OFF = new PrefetchSettings(0, 0, Duration.ofSeconds(30), 10_000, 50_000, 4,
            3, 0.3, 2);

    public PrefetchSettings {
        require(perSecond >= 0, "perSecond", "must be 0 (off) or more, was " + perSecond);
        require(bytesPerSecond >= 0, "bytesPerSecond", "must not be negative, was " + bytesPerSecond);
        require(sessionWindow != null && !sessionWindow.isNegative() && !sessionWindow.isZero(), "sessionWindow",
                "must be positive");
        require(maxClients >= 1 && maxObjects >= 1, "maxClients/maxObjects", "must be at least 1");
        require(successors >= 1 && successors <= 16, "successors", "must be 1 to 16, was " + successors);
        require(minCount >= 1, "minCount", "must be at least 1, was " + minCount);
        require(minConfidence > 0 && minConfidence <= 1, "minConfidence", "must be in (0, 1], was " + minConfidence);
        require(maxPredictions >= 1 && maxPredictions <= successors, "maxPredictions",
                "must be 1 to successors (" + successors + "), was " + maxPredictions);
    }

    /** The defaults with this budget. */
    public static PrefetchSettings budget(int perSecond, long bytesPerSecond) {
        return OFF.withBudget(perSecond, bytesPerSecond);
    }

    public PrefetchSettings withBudget(int perSecond, long bytesPerSecond) {
        return new PrefetchSettings(perSecond, bytesPerSecond, sessionWindow, maxClients, maxObjects, successors,
                minCount, minConfidence, maxPredictions);
    }

    public boolean enabled() {
        return perSecond > 0 && bytesPerSecond > 0;
    }

    private static void require(boolean ok, String name, String message) {
        if (!ok) {
            throw new IllegalArgumentException("prefetch " + name + " " + message);
        }
    }
}
