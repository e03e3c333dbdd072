package dev.cdn.api.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * One {@link TokenBucket} per key (a tenant, a client address, an account), in a bounded map that forgets a key
 * once its bucket would be full again anyway, so memory follows the number of active keys.
 */
public final class KeyedBuckets {

    private final long capacity;
    private final double perSecond;
    private final Ticker ticker;
    private final Cache<String, TokenBucket> buckets;

    public KeyedBuckets(long capacity, double perSecond, Ticker ticker) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the burst must be at least 1, got " + capacity);
        }
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the refill rate must be positive, got " + perSecond);
        }
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.ticker = ticker;
        this.buckets = Caffeine.newBuilder()
                .ticker(ticker)
                // After a whole window untouched a bucket is full: forgetting it changes nothing.
                .expireAfterAccess(Duration.ofSeconds(windowSeconds() + 1))
                .maximumSize(1_000_000)
                .build();
    }

    /** Takes one request from {@code key}'s budget. */
    public RateVerdict take(String key) {
        return take(key, 1);
    }

    /** Takes a call of {@code cost} tokens from {@code key}'s budget ({@link TokenBucket#take(long, long)}). */
    public RateVerdict take(String key, long cost) {
        long now = ticker.read();
        return buckets.get(key, k -> new TokenBucket(capacity, perSecond, now)).take(now, cost);
    }

    /** Nanoseconds until {@code key}'s budget admits a call of one token again (zero for a key not limited now). */
    long nanosUntilOne(String key) {
        TokenBucket bucket = buckets.getIfPresent(key);
        return bucket == null ? 0 : bucket.nanosUntilOne(ticker.read());
    }

    /** Seconds for an empty bucket to fill: the window of the {@code RateLimit-Policy} field. */
    public long windowSeconds() {
        return (long) Math.ceil(capacity / perSecond);
    }
}
