package dev.cdn.api.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Credentials whose tenant was refused for an empty budget, for the seconds the refusal told the client to wait, so
 * that the next calls with the same credential are refused before authentication and authorization run ({@link
 * EarlyRefusal}). Keyed by the SHA-256 of the presented secret and filled only after that secret authenticated and
 * its tenant's bucket refused it: a caller who does not hold a credential cannot put it here, so nobody can lock
 * out someone else's token by guessing. An entry never outlives the {@code Retry-After} its refusal announced.
 */
final class RecentRefusals {

    /** One refusal: until when it holds, and the verdict it was given (for the RateLimit fields). */
    record Entry(long untilNanos, long atNanos, RateVerdict verdict) {
    }

    private final Ticker ticker;
    private final Cache<String, Entry> refused;

    RecentRefusals(Ticker ticker, Duration longest) {
        this.ticker = ticker;
        this.refused = Caffeine.newBuilder()
                .ticker(ticker)
                // No refusal lasts longer than a one-token call's Retry-After, which is at most the bucket's window.
                .expireAfterWrite(longest)
                .maximumSize(100_000)
                .build();
    }

    /** Remembers that {@code credentialHash} is refused for the next {@code nanos} (nothing when zero). */
    void remember(String credentialHash, long nanos, RateVerdict verdict) {
        if (nanos > 0) {
            long now = ticker.read();
            refused.put(credentialHash, new Entry(now + nanos, now, verdict));
        }
    }

    /** Whether any credential is refused now: when none is, the early check costs no hashing. */
    boolean any() {
        return refused.estimatedSize() > 0;
    }

    /** The refusal holding for {@code credentialHash} now, or null. */
    Entry current(String credentialHash) {
        Entry entry = refused.getIfPresent(credentialHash);
        if (entry == null) {
            return null;
        }
        if (entry.untilNanos() - ticker.read() <= 0) {
            refused.asMap().remove(credentialHash, entry);
            return null;
        }
        return entry;
    }

    long nowNanos() {
        return ticker.read();
    }
}
