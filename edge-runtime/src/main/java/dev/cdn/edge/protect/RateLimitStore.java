package dev.cdn.edge.protect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate-limit buckets of one edge, for every service: bounded whatever clients send. At most
 * {@code maxBuckets} are held (Caffeine's size-bounded W-TinyLFU eviction keeps the busiest clients); a bucket
 * untouched for as long as it takes to refill completely is dropped, since a fresh bucket is the same thing. A
 * client evicted under an address-rotation flood starts again with a full bucket: memory stays bounded, at the
 * price of that client's history. Buckets outlive config swaps, so publishing a service does not reset its limits.
 */
public final class RateLimitStore {

    /** About 15 MB at the worst: a key of a hundred bytes, the bucket, and the cache's node. */
    public static final int DEFAULT_MAX_BUCKETS = 100_000;

    private final Cache<String, Bucket> buckets;

    public RateLimitStore(Clock clock, int maxBuckets) {
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfter(new Expiry<String, Bucket>() {
                    @Override
                    public long expireAfterCreate(String key, Bucket b, long now) {
                        return b.refillNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Bucket b, long now, long remaining) {
                        return b.refillNanos;
                    }

                    @Override
                    public long expireAfterRead(String key, Bucket b, long now, long remaining) {
                        return b.refillNanos;
                    }
                })
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run) // maintenance on the caller: no pool thread, nothing queued
                .build();
    }

    /** The bucket of {@code key}, made full when there is none; {@code refillMicros}: from empty to full. */
    Bucket bucket(String key, long refillMicros) {
        return buckets.get(key, k -> new Bucket(Math.max(1_000_000_000L, refillMicros * 1000)));
    }

    /** Buckets held now, after pending evictions: what the memory bound is about. */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** A GCRA bucket: its theoretical arrival time in microseconds (see {@link RateLimiter}). */
    static final class Bucket extends AtomicLong {

        final long refillNanos;

        Bucket(long refillNanos) {
            super(Long.MIN_VALUE);
            this.refillNanos = refillNanos;
        }
    }
}
