package dev.cdn.edge.metrics;

import dev.cdn.edge.coalesce.FillOutcome;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.store.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The edge's meters in one Prometheus registry. Tags are bounded: cache status and outcome enums, and service
 * ids (a bounded set chosen by the operator; unknown hosts are tagged {@code unknown}).
 */
public final class EdgeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public EdgeMetrics(Storage storage) {
        Gauge.builder("edge.store.bytes", storage, Storage::weightedSize).description("Weighted size of the RAM tier")
                .baseUnit("bytes").register(registry);
        Gauge.builder("edge.store.objects", storage, Storage::objectCount).description("Objects in the RAM tier")
                .register(registry);
    }

    public void request(String serviceId, CacheStatus status, long bytes, Duration latency) {
        String s = tag(status);
        Counter.builder("edge.requests").description("Requests by service and cache status")
                .tag("service", serviceId).tag("cache_status", s).register(registry).increment();
        if (bytes > 0) {
            Counter.builder("edge.response.body").baseUnit("bytes").description("Response body bytes sent")
                    .tag("service", serviceId).register(registry).increment(bytes);
        }
        Timer.builder("edge.request.latency").description("Time to the end of the response")
                .tag("cache_status", s).register(registry).record(latency);
    }

    /** A request refused before it reached a service (unknown host, loop, malformed). */
    public void rejected(int status) {
        Counter.builder("edge.requests.rejected").tag("status", String.valueOf(status)).register(registry).increment();
    }

    public void upstreamFetch(String serviceId, String outcome) {
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
