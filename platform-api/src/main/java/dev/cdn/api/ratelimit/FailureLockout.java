package dev.cdn.api.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Exponential lockout after repeated failures (OWASP's authentication guidance: throttle per account and per
 * source, doubling the delay): the first {@code freeFailures} failures of a key cost nothing; each further one
 * locks the key for {@code base * 2^(n - freeFailures - 1)}, at most {@code max}. A success forgets the key; so does
 * {@code forgetAfter} without failures. Every attempt while locked is refused without being judged, so guessing
 * cannot continue during a lockout. Time is read from a ticker (nanoseconds), so tests move it.
 */
public final class FailureLockout {

    /** A key's failures so far and when its current lockout ends (ticker nanoseconds). */
    private record State(int failures, long lockedUntil) {
    }

    private final int freeFailures;
    private final Duration base;
    private final Duration max;
    private final Ticker ticker;
    private final Cache<String, State> states;

    public FailureLockout(int freeFailures, Duration base, Duration max, Duration forgetAfter, Ticker ticker) {
        if (freeFailures < 0 || base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("a lockout needs freeFailures >= 0 and 0 < base <= max");
        }
        this.freeFailures = freeFailures;
        this.base = base;
        this.max = max;
        this.ticker = ticker;
        this.states = Caffeine.newBuilder().ticker(ticker)
                .expireAfterWrite(forgetAfter.compareTo(max) < 0 ? max : forgetAfter)
                .maximumSize(1_000_000)
                .build();
    }

    /** Seconds until {@code key} may try again, or 0 when it may try now. */
    public long lockedForSeconds(String key) {
        State state = states.getIfPresent(key);
        long left = state == null ? 0 : state.lockedUntil() - ticker.read();
        return left <= 0 ? 0 : Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** Records a failure; returns the lockout it starts, in seconds (0: none yet). */
    public long failed(String key) {
        long now = ticker.read();
        State next = states.asMap().compute(key, (k, old) -> {
            int failures = old == null ? 1 : old.failures() + 1;
            int over = failures - freeFailures;
            if (over <= 0) {
                return new State(failures, 0);
            }
            // 2^(over-1) base, capped; the shift is capped too so it cannot overflow.
            long nanos = base.toNanos() << Math.min(over - 1, 40);
            long capped = nanos <= 0 || nanos > max.toNanos() ? max.toNanos() : nanos;
            return new State(failures, now + capped);
        });
        return next.lockedUntil() <= now ? 0 : (next.lockedUntil() - now + 999_999_999L) / 1_000_000_000L;
    }

    public void succeeded(String key) {
        states.invalidate(key);
    }
}
