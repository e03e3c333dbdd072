package dev.cdn.api.ratelimit;

/**
 * A token bucket (the classic traffic-shaping algorithm, as in RFC 2697's committed burst): it holds up to
 * {@code capacity} tokens, refills at {@code perSecond}, and each request takes its cost (one for most calls, more
 * for calls whose work grows with their parameters: {@link RequestCost}). Time comes in as nanoseconds
 * from a ticker, so tests move it without waiting. Thread-safe; the lock is held for a few arithmetic steps only.
 */
final class TokenBucket {

    private static final double NANOS = 1_000_000_000d;

    private final long capacity;
    private final double perSecond;
    private double tokens;
    private long updatedAt;

    TokenBucket(long capacity, double perSecond, long nowNanos) {
        if (capacity < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("a bucket needs capacity >= 1 and a positive refill rate");
        }
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.tokens = capacity;
        this.updatedAt = nowNanos;
    }

    /** Takes one token if there is one; either way reports the bucket's state for the rate-limit header fields. */
    RateVerdict take(long nowNanos) {
        return take(nowNanos, 1);
    }

    /**
     * Takes {@code cost} tokens if there are that many (a cost above the capacity is taken as the whole capacity,
     * so every call can fit an idle bucket); either way reports the bucket's state for the rate-limit header fields.
     */
    synchronized RateVerdict take(long nowNanos, long cost) {
        refill(nowNanos);
        double wanted = Math.min(Math.max(1, cost), capacity);
        boolean allowed = tokens >= wanted;
        if (allowed) {
            tokens -= wanted;
        }
        long remaining = (long) Math.floor(tokens);
        // Seconds until the bucket is full again, and until this call would fit (for Retry-After).
        long reset = (long) Math.ceil((capacity - tokens) / perSecond);
        long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((wanted - tokens) / perSecond));
        return new RateVerdict(allowed ? RateOutcome.ALLOWED : RateOutcome.LIMITED, capacity, remaining, reset,
                retryAfter);
    }

    /** Nanoseconds until the bucket holds one whole token (zero when it holds one now). */
    synchronized long nanosUntilOne(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perSecond * NANOS);
    }

    /** Whether the bucket is full (an idle key whose state can be forgotten). */
    synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed / NANOS * perSecond);
            updatedAt = nowNanos;
        }
    }
}
