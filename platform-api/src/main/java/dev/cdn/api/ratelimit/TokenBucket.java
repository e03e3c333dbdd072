package dev.cdn.api.ratelimit;

/**
 * A token bucket (the classic traffic-shaping algorithm, as in RFC 2697's committed burst): it holds up to
 * {@code capacity} tokens, refills at {@code perSecond}, and each request takes one. Time comes in as nanoseconds
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
    synchronized RateVerdict take(long nowNanos) {
        refill(nowNanos);
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        long remaining = (long) Math.floor(tokens);
        // Seconds until the bucket is full again, and until the next single token (for Retry-After).
        long reset = (long) Math.ceil((capacity - tokens) / perSecond);
        long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        return new RateVerdict(allowed ? RateOutcome.ALLOWED : RateOutcome.LIMITED, capacity, remaining, reset,
                retryAfter);
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
