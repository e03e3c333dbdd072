package dev.cdn.edge.metrics;

import dev.cdn.edge.coalesce.FillOutcome;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.store.DiskStorage;
import dev.cdn.edge.store.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge's meters in one Prometheus registry. Tags are bounded: cache status and outcome enums, and service
 * ids (a bounded set chosen by the operator; unknown hosts are tagged {@code unknown}).
 */
public final class EdgeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Map<CacheStatus, RequestMeters>> requestMeters = new ConcurrentHashMap<>();
    /** The per-service counters reported to the control plane (see {@link TrafficStats}). */
    private final TrafficStats traffic = new TrafficStats();

    public EdgeMetrics(Storage storage) {
        Gauge.builder("edge.store.bytes", storage, Storage::weightedSize).description("Weighted size of the RAM tier")
                .baseUnit("bytes").register(registry);
        Gauge.builder("edge.store.objects", storage, Storage::objectCount).description("Objects in the RAM tier")
                .register(registry);
    }

    /** Gauges of the disk tier, when there is one. */
    public void disk(DiskStorage disk) {
        Gauge.builder("edge.disk.bytes", disk, DiskStorage::bytes).description("Bytes in the disk tier")
                .baseUnit("bytes").register(registry);
        Gauge.builder("edge.disk.objects", disk, DiskStorage::objectCount).description("Objects in the disk tier")
                .register(registry);
        Gauge.builder("edge.disk.pending.writes", disk, DiskStorage::pendingWrites)
                .description("Disk writes accepted but not finished").register(registry);
    }

    public TrafficStats traffic() {
        return traffic;
    }

    public void request(String serviceId, CacheStatus status, int httpStatus, long bytes, Duration latency) {
        traffic.request(serviceId, status, httpStatus, bytes);
        // Meters are looked up once per (service, status) and cached: building and registering them per request
        // showed up as the largest allocation on the hit path.
        RequestMeters m = requestMeters.computeIfAbsent(serviceId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, st -> new RequestMeters(serviceId, st));
        m.requests.increment();
        if (bytes > 0) {
            m.body.increment(bytes);
        }
        m.latency.record(latency);
    }

    /** The meters one request updates. */
    private final class RequestMeters {
        final Counter requests;
        final Counter body;
        final Timer latency;

        RequestMeters(String serviceId, CacheStatus status) {
            String s = tag(status);
            requests = Counter.builder("edge.requests").description("Requests by service and cache status")
                    .tag("service", serviceId).tag("cache_status", s).register(registry);
            body = Counter.builder("edge.response.body").baseUnit("bytes").description("Response body bytes sent")
                    .tag("service", serviceId).register(registry);
            latency = Timer.builder("edge.request.latency").description("Time to the end of the response")
                    .tag("cache_status", s).register(registry);
        }
    }

    /** A request refused before it reached a service (unknown host, loop, malformed). */
    public void rejected(int status) {
        Counter.builder("edge.requests.rejected").tag("status", String.valueOf(status)).register(registry).increment();
    }

    /** Body bytes received from upstream (shield or origin) for a service. */
    public void upstreamBody(String serviceId, long bytes) {
        traffic.upstreamBytes(serviceId, bytes);
    }

    public void upstreamFetch(String serviceId, String outcome) {
        traffic.upstreamFetch(serviceId);
        Counter.builder("edge.upstream.fetches").description("Requests sent upstream")
                .tag("service", serviceId).tag("outcome", outcome).register(registry).increment();
    }

    public void coalescedWait(FillOutcome outcome) {
        Counter.builder("edge.coalesced.waits").description("Requests that waited on another request's fill")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void staleServed(CacheStatus why) {
        Counter.builder("edge.stale.served").tag("reason", tag(why)).register(registry).increment();
    }

    public void purged(String kind, int count) {
        Counter.builder("edge.purged.objects").tag("kind", kind).register(registry).increment(count);
    }

    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private static String tag(CacheStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
