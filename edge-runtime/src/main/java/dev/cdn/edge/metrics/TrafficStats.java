package dev.cdn.edge.metrics;

import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.config.OriginLatencyBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-service traffic counters that the edge reports to the control plane as deltas (docs/control-channel.md,
 * "Statistics"). Recording is a few uncontended adds on the request path; {@link #drain} takes everything counted
 * since the last drain.
 */
public final class TrafficStats {

    /** Paths tracked per service between two drains (the Space-Saving sketch's bound). */
    static final int TRACKED_URLS = 128;
    /** Paths reported per service and drain. */
    public static final int REPORTED_URLS = 20;

    /** A path of a service's top list and its counts (see {@link TopUrls}). */
    public record UrlCount(String url, long requests, long bytes) {
    }

    /** One experiment variant's counts in a delta (see {@link VariantCounters}). */
    public record VariantCount(String experiment, String variant, long requests, long hits, long misses,
                               long status2xx, long status3xx, long status4xx, long status5xx, long originFetches,
                               long originMillis) {
    }

    /**
     * What one service did since the last drain. {@code originMillis} counts origin response times per bucket of
     * {@link OriginLatencyBuckets} (empty when the origin was not asked); {@code topUrls}: its most requested paths,
     * at most {@link #REPORTED_URLS}; {@code variants}: counts per experiment variant (empty without experiments).
     */
    public record Delta(String serviceId, long requests, long hits, long misses, long stale, long bypass,
                        long bytesToClients, long bytesFromOrigin, long originFetches, long errors,
                        long status2xx, long status3xx, long status4xx, long status5xx, List<Long> originMillis,
                        List<UrlCount> topUrls, List<VariantCount> variants) {

        public Delta {
            originMillis = originMillis == null ? List.of() : List.copyOf(originMillis);
            topUrls = topUrls == null ? List.of() : List.copyOf(topUrls);
            variants = variants == null ? List.of() : List.copyOf(variants);
        }

        public Delta(String serviceId, long requests, long hits, long misses, long stale, long bypass,
                     long bytesToClients, long bytesFromOrigin, long originFetches, long errors,
                     long status2xx, long status3xx, long status4xx, long status5xx) {
            this(serviceId, requests, hits, misses, stale, bypass, bytesToClients, bytesFromOrigin, originFetches,
                    errors, status2xx, status3xx, status4xx, status5xx, List.of(), List.of(), List.of());
        }

        boolean isEmpty() {
            return requests == 0 && originFetches == 0 && bytesFromOrigin == 0 && variants.isEmpty();
        }
    }

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder stale = new LongAdder();
        final LongAdder bypass = new LongAdder();
        final LongAdder bytesToClients = new LongAdder();
        final LongAdder bytesFromOrigin = new LongAdder();
        final LongAdder originFetches = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder[] statusClasses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
        final TopUrls topUrls = new TopUrls(TRACKED_URLS);
        final VariantCounters variants = new VariantCounters();
        final LongAdder[] originMillis = new LongAdder[OriginLatencyBuckets.COUNT];

        Counters() {
            for (int i = 0; i < originMillis.length; i++) {
                originMillis[i] = new LongAdder();
            }
        }

        List<Long> drainOriginMillis() {
            List<Long> counts = new ArrayList<>(originMillis.length);
            long total = 0;
            for (LongAdder bucket : originMillis) {
                long n = bucket.sumThenReset();
                counts.add(n);
                total += n;
            }
            return total == 0 ? List.of() : counts;
        }
    }

    private final Map<String, Counters> services = new ConcurrentHashMap<>();

    private Counters of(String serviceId) {
        return services.computeIfAbsent(serviceId, id -> new Counters());
    }

    /**
     * One response sent to a client. {@code status} is null for a response the edge produced itself (502, 504 when
     * the upstream failed): a request and an error, but neither a hit nor a miss, so a service whose origin is down
     * does not show a hit ratio.
     */
    public void request(String serviceId, CacheStatus status, int httpStatus, long bytes) {
        request(serviceId, status, httpStatus, bytes, null);
    }

    /** How long the origin took to answer one request (sent to response headers). */
    public void originResponseTime(String serviceId, long millis) {
        of(serviceId).originMillis[OriginLatencyBuckets.index(Math.max(0, millis))].increment();
    }

    /** As {@link #request(String, CacheStatus, int, long)}, counting the request's path for the top-URL list. */
    public void request(String serviceId, CacheStatus status, int httpStatus, long bytes, String path) {
        Counters c = of(serviceId);
        if (path != null) {
            c.topUrls.record(path, bytes);
        }
        c.requests.increment();
        if (status != null) {
            switch (status) {
                case HIT, REVALIDATED -> c.hits.increment();
                case MISS, EXPIRED -> c.misses.increment();
                case STALE, UPDATING -> c.stale.increment();
                case BYPASS -> c.bypass.increment();
            }
        }
        if (bytes > 0) {
            c.bytesToClients.add(bytes);
        }
        int statusClass = httpStatus / 100;
        if (statusClass >= 2 && statusClass <= 5) {
            c.statusClasses[statusClass - 2].increment();
        }
        if (httpStatus >= 500) {
            c.errors.increment();
        }
    }

    /** One request of experiment {@code experiment} answered for variant {@code variant}. */
    public void variantRequest(String serviceId, String experiment, String variant, CacheStatus status,
                               int httpStatus) {
        of(serviceId).variants.request(experiment, variant, status, httpStatus);
    }

    /** One origin fetch of a request in a variant, and how long the origin took to answer it. */
    public void variantOriginFetch(String serviceId, String experiment, String variant, long millis) {
        of(serviceId).variants.originFetch(experiment, variant, millis);
    }

    /** One request sent to the origin (a shield's fetches are counted by the shield, which reports them). */
    public void upstreamFetch(String serviceId) {
        of(serviceId).originFetches.increment();
    }

    /** Body bytes that came from the origin. */
    public void upstreamBytes(String serviceId, long bytes) {
        if (bytes > 0) {
            of(serviceId).bytesFromOrigin.add(bytes);
        }
    }

    /** Everything counted since the last drain, per service; services with nothing to say are left out. */
    public List<Delta> drain() {
        List<Delta> out = new ArrayList<>();
        services.forEach((id, c) -> {
            Delta d = new Delta(id, c.requests.sumThenReset(), c.hits.sumThenReset(), c.misses.sumThenReset(),
                    c.stale.sumThenReset(), c.bypass.sumThenReset(), c.bytesToClients.sumThenReset(),
                    c.bytesFromOrigin.sumThenReset(), c.originFetches.sumThenReset(), c.errors.sumThenReset(),
                    c.statusClasses[0].sumThenReset(), c.statusClasses[1].sumThenReset(),
                    c.statusClasses[2].sumThenReset(), c.statusClasses[3].sumThenReset(), c.drainOriginMillis(),
                    c.topUrls.drain(REPORTED_URLS), c.variants.drain().stream().map(n -> new VariantCount(
                            n.experiment(), n.variant(), n.requests(), n.hits(), n.misses(), n.status2xx(),
                            n.status3xx(), n.status4xx(), n.status5xx(), n.originFetches(), n.originMillis()))
                            .toList());
            if (!d.isEmpty()) {
                out.add(d);
            }
        });
        return out;
    }

    /** Puts back a drained delta that could not be delivered, so that it goes with the next report. */
    public void restore(Delta d) {
        Counters c = of(d.serviceId());
        c.requests.add(d.requests());
        c.hits.add(d.hits());
        c.misses.add(d.misses());
        c.stale.add(d.stale());
        c.bypass.add(d.bypass());
        c.bytesToClients.add(d.bytesToClients());
        c.bytesFromOrigin.add(d.bytesFromOrigin());
        c.originFetches.add(d.originFetches());
        c.errors.add(d.errors());
        c.statusClasses[0].add(d.status2xx());
        c.statusClasses[1].add(d.status3xx());
        c.statusClasses[2].add(d.status4xx());
        c.statusClasses[3].add(d.status5xx());
        for (int i = 0; i < d.originMillis().size() && i < c.originMillis.length; i++) {
            c.originMillis[i].add(d.originMillis().get(i));
        }
        c.topUrls.restore(d.topUrls());
        c.variants.restore(d.variants().stream().map(n -> new VariantCounters.Count(n.experiment(), n.variant(),
                n.requests(), n.hits(), n.misses(), n.status2xx(), n.status3xx(), n.status4xx(), n.status5xx(),
                n.originFetches(), n.originMillis())).toList());
    }
}
