package dev.cdn.edge.metrics;

import dev.cdn.edge.policy.CacheStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One service's counts per experiment variant between two drains: requests, how the cache answered them, status
 * classes, and origin fetches with their total time (docs/edge-logic.md, "What the edge tells you"). Bounded: a
 * service has at most {@link #MAX_VARIANTS} (experiment, variant) pairs (validation allows 10 experiments of 20
 * variants), so a config can never make the map grow further.
 */
final class VariantCounters {

    static final int MAX_VARIANTS = 200;

    /** One variant's counts in a drain. */
    record Count(String experiment, String variant, long requests, long hits, long misses, long status2xx,
                 long status3xx, long status4xx, long status5xx, long originFetches, long originMillis) {

        boolean isEmpty() {
            return requests == 0 && originFetches == 0;
        }
    }

    private static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder[] statusClasses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
        final LongAdder originFetches = new LongAdder();
        final LongAdder originMillis = new LongAdder();
    }

    private record Key(String experiment, String variant) {
    }

    private final Map<Key, Counts> variants = new ConcurrentHashMap<>();

    void request(String experiment, String variant, CacheStatus status, int httpStatus) {
        Counts c = of(experiment, variant);
        if (c == null) {
            return;
        }
        c.requests.increment();
        if (status != null) {
            switch (status) {
                case HIT, REVALIDATED, STALE, UPDATING -> c.hits.increment();
                case MISS, EXPIRED -> c.misses.increment();
                default -> {
                }
            }
        }
        int statusClass = httpStatus / 100;
        if (statusClass >= 2 && statusClass <= 5) {
            c.statusClasses[statusClass - 2].increment();
        }
    }

    void originFetch(String experiment, String variant, long millis) {
        Counts c = of(experiment, variant);
        if (c != null) {
            c.originFetches.increment();
            c.originMillis.add(Math.max(0, millis));
        }
    }

    List<Count> drain() {
        List<Count> out = new ArrayList<>();
        variants.forEach((k, c) -> {
            Count n = new Count(k.experiment(), k.variant(), c.requests.sumThenReset(), c.hits.sumThenReset(),
                    c.misses.sumThenReset(), c.statusClasses[0].sumThenReset(), c.statusClasses[1].sumThenReset(),
                    c.statusClasses[2].sumThenReset(), c.statusClasses[3].sumThenReset(),
                    c.originFetches.sumThenReset(), c.originMillis.sumThenReset());
            if (!n.isEmpty()) {
                out.add(n);
            }
        });
        return out;
    }

    void restore(List<Count> counts) {
        for (Count n : counts) {
            Counts c = of(n.experiment(), n.variant());
            if (c == null) {
                continue;
            }
            c.requests.add(n.requests());
            c.hits.add(n.hits());
            c.misses.add(n.misses());
            c.statusClasses[0].add(n.status2xx());
            c.statusClasses[1].add(n.status3xx());
            c.statusClasses[2].add(n.status4xx());
            c.statusClasses[3].add(n.status5xx());
            c.originFetches.add(n.originFetches());
            c.originMillis.add(n.originMillis());
        }
    }

    private Counts of(String experiment, String variant) {
        Key key = new Key(experiment, variant);
        Counts c = variants.get(key);
        if (c != null || variants.size() >= MAX_VARIANTS) {
            return c;
        }
        return variants.computeIfAbsent(key, k -> new Counts());
    }
}
