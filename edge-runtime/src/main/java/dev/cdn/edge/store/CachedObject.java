package dev.cdn.edge.store;

import dev.cdn.config.Admission;
import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.policy.Freshness;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stored response variant: status, end-to-end headers as the client will see them (minus per-hit headers),
 * the full body, and the timing and freshness values RFC 9111 needs to compute its age at any later time.
 *
 * @param storageKey   primary key plus the Vary secondary key; unique within the store
 * @param varyNames    lower-case request headers this variant was selected by
 * @param responseTime epoch millis when the response (or its last revalidation) was received
 * @param initialAge   corrected_initial_age in seconds at {@code responseTime}
 * @param invalidated  soft-purged: treated as stale, may still serve within stale windows
 * @param admission    the admission policy of the rule that stored it (L1 tier)
 * @param payload      the body: on the heap, or in direct memory when the RAM tier holds it ({@link Body})
 */
public record CachedObject(
        CacheKey key,
        String storageKey,
        List<String> varyNames,
        int status,
        List<Map.Entry<String, String>> headers,
        Body payload,
        long responseTime,
        long initialAge,
        long ttlSeconds,
        long swrSeconds,
        long sieSeconds,
        boolean authShareable,
        Set<String> tags,
        boolean invalidated,
        Admission admission) {

    /** An object whose body is on the heap. */
    public CachedObject(CacheKey key, String storageKey, List<String> varyNames, int status,
                        List<Map.Entry<String, String>> headers, byte[] body, long responseTime, long initialAge,
                        long ttlSeconds, long swrSeconds, long sieSeconds, boolean authShareable, Set<String> tags,
                        boolean invalidated, Admission admission) {
        this(key, storageKey, varyNames, status, headers, Body.heap(body), responseTime, initialAge, ttlSeconds,
                swrSeconds, sieSeconds, authShareable, tags, invalidated, admission);
    }

    /** The body's bytes on the heap (a copy when it lives in direct memory). */
    public byte[] body() {
        return payload.bytes();
    }

    public int bodyLength() {
        return payload.length();
    }

    /** The same object with another body (the RAM tier's direct copy, or a heap copy of it). */
    public CachedObject withPayload(Body body) {
        return new CachedObject(key, storageKey, varyNames, status, headers, body, responseTime, initialAge,
                ttlSeconds, swrSeconds, sieSeconds, authShareable, tags, invalidated, admission);
    }

    public long currentAge(long now) {
        return Freshness.currentAge(initialAge, responseTime, now);
    }

    /** Seconds of freshness left (negative once stale). */
    public long remainingTtl(long now) {
        return invalidated ? Math.min(-1, ttlSeconds - currentAge(now)) : ttlSeconds - currentAge(now);
    }

    public boolean isFresh(long now) {
        return !invalidated && currentAge(now) < ttlSeconds;
    }

    public boolean withinStaleWhileRevalidate(long now) {
        return currentAge(now) < ttlSeconds + swrSeconds || invalidated && swrSeconds > 0;
    }

    public boolean withinStaleIfError(long now) {
        return currentAge(now) < ttlSeconds + sieSeconds || invalidated && sieSeconds > 0;
    }

    public String header(String name) {
        for (Map.Entry<String, String> e : headers) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Approximate heap footprint in bytes, the store's weight. */
    public int weight() {
        long w = 256L + payload.length() + storageKey.length() * 2L;
        for (Map.Entry<String, String> e : headers) {
            w += 48 + (e.getKey().length() + e.getValue().length()) * 2L;
        }
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    public CachedObject markInvalidated() {
        return new CachedObject(key, storageKey, varyNames, status, headers, payload, responseTime, initialAge,
                ttlSeconds, swrSeconds, sieSeconds, authShareable, tags, true, admission);
    }
}
