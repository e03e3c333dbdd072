package dev.cdn.edge.coalesce;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * Remembers, for a short time, keys whose last response could not be stored, so that requests for them go
 * straight upstream in parallel instead of queueing behind a fill lock that would never produce a shareable
 * object (Varnish's hit-for-miss). Bounded in entries; time comes from the injected clock.
 */
public final class HitForMiss {

    private final Cache<String, Boolean> marks;

    public HitForMiss(Duration duration, Clock clock) {
        this.marks = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(duration)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    public void mark(String key) {
        marks.put(key, Boolean.TRUE);
    }

    public void clear(String key) {
        marks.invalidate(key);
    }

    public boolean isMarked(String key) {
        return marks.getIfPresent(key) != null;
    }
}
