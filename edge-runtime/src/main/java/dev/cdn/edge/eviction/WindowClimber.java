package dev.cdn.edge.eviction;

/**
 * Sizes the W-TinyLFU window by hill climbing on the hit ratio (Einziger, Eytan, Friedman, Manes, "Adaptive Software
 * Cache Management", Middleware 2018; Caffeine's {@code climb}): after each sample of requests it moves the window
 * one step in the direction that last raised the hit ratio, and turns back when it fell. Steps start at 6.25% of the
 * cache and decay by 2% per sample, and restart at full size when the hit ratio moves by 5 points or more (the
 * workload changed). A frequency-skewed trace drives the window towards nothing (pure TinyLFU), a recency-skewed one
 * towards LRU. Two departures from Caffeine, chosen on the traces of docs/benchmarks.md: a sample is 20 requests per
 * entry held (Caffeine: 10 per entry of the maximum), and a change within three standard errors of the sample's hit
 * ratio moves nothing; with 10 per entry and no such margin the window wandered up to 17% on a stationary Zipf trace
 * following noise, and cost 0.5 points of hit ratio there. Guarded by the cache's lock.
 */
final class WindowClimber {

    static final double STEP_SHARE = 0.0625;
    static final double STEP_DECAY = 0.98;
    static final double RESTART_THRESHOLD = 0.05;
    /** Standard errors of the sample hit ratio a change must exceed to count. */
    static final double NOISE_SIGMAS = 3;
    /** Requests per sample, per entry held (and at least {@link #MIN_SAMPLE}). */
    static final int SAMPLE_PER_ENTRY = 20;
    static final int MIN_SAMPLE = 1000;

    private final long maxWeight;
    private long requests;
    private long hits;
    private double previousHitRate;
    private double stepSize;

    WindowClimber(long maxWeight) {
        this.maxWeight = maxWeight;
        this.stepSize = -STEP_SHARE * maxWeight;
    }

    void request() {
        requests++;
    }

    void hit() {
        hits++;
    }

    /** Bytes to move into the window (positive) or out of it (negative) once a sample is complete; else 0. */
    long adjustment(int entries) {
        if (requests < Math.max(MIN_SAMPLE, (long) SAMPLE_PER_ENTRY * entries)) {
            return 0;
        }
        double hitRate = Math.min(1, (double) hits / requests);
        double change = hitRate - previousHitRate;
        // A change within two standard errors of the sample's hit ratio is noise, not a signal to move on.
        double noise = NOISE_SIGMAS * Math.sqrt(hitRate * (1 - hitRate) / requests);
        double amount = Math.abs(change) <= noise ? 0 : change >= 0 ? stepSize : -stepSize;
        if (amount == 0) {
            previousHitRate = hitRate;
            requests = 0;
            hits = 0;
            return 0;
        }
        stepSize = Math.abs(change) >= RESTART_THRESHOLD
                ? STEP_SHARE * maxWeight * (amount >= 0 ? 1 : -1)
                : STEP_DECAY * amount;
        previousHitRate = hitRate;
        requests = 0;
        hits = 0;
        return (long) amount;
    }
}
