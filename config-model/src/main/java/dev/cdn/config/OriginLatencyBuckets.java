package dev.cdn.config;

import java.util.List;

/**
 * The buckets in which nodes count how long origins took to answer (request sent to response headers), as they
 * report it with their traffic: a fixed histogram shared by the edge and the control plane, so that counts from many
 * nodes and minutes add up bucket by bucket. Bucket {@code i} counts times up to {@code BOUNDS_MS[i]}; the last
 * bucket counts everything above the highest bound.
 */
public final class OriginLatencyBuckets {

    /** Upper bounds in milliseconds, ascending. */
    public static final List<Long> BOUNDS_MS = List.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L);
    /** Buckets in all: one per bound and one above them. */
    public static final int COUNT = BOUNDS_MS.size() + 1;
    /** What a percentile in the overflow bucket reads as: twice the highest bound. */
    public static final long OVERFLOW_MS = 2 * BOUNDS_MS.get(BOUNDS_MS.size() - 1);

    private OriginLatencyBuckets() {
    }

    /** The bucket a time falls in. */
    public static int index(long millis) {
        for (int i = 0; i < BOUNDS_MS.size(); i++) {
            if (millis <= BOUNDS_MS.get(i)) {
                return i;
            }
        }
        return BOUNDS_MS.size();
    }

    /**
     * The {@code quantile} (0-1) of a histogram, as the upper bound of the bucket that holds it: an estimate never
     * below the true value, so "p95 above Z" never misses a breach, at the cost of reading high by up to one bucket.
     * Returns -1 for an empty histogram.
     */
    public static long quantile(long[] counts, double quantile) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(rank, 1)) {
                return i < BOUNDS_MS.size() ? BOUNDS_MS.get(i) : OVERFLOW_MS;
            }
        }
        return OVERFLOW_MS;
    }
}
