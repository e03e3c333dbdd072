package dev.cdn.edge.control;

import dev.cdn.config.wire.NodeRole;
import dev.cdn.config.wire.OriginHealthReport;
import dev.cdn.config.wire.OriginHealthStatus;
import dev.cdn.config.wire.ServiceCounters;
import dev.cdn.config.wire.StatsReport;
import dev.cdn.config.wire.UrlCount;
import dev.cdn.config.wire.VariantCount;
import dev.cdn.config.wire.WireCodec;
import dev.cdn.edge.metrics.TrafficStats;
import dev.cdn.edge.upstream.OriginHealth;
import dev.cdn.edge.upstream.OriginStatus;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Reports traffic counters to the control plane every few seconds ({@code POST /v1/edge/stats}), as deltas
 * attributed to the minute of the report, with the node's role: a shield's requests are the edges' fills, so the
 * control plane shows them as shield traffic, never as client requests. A report that fails is put back and goes with the next one, so a
 * control-plane outage delays statistics but does not lose them.
 *
 * <p>The same report carries the health of the origins this node uses: an origin goes when its status or last
 * error changed since the last report that got through, and every origin goes every {@link #FULL_HEALTH_EVERY}
 * reports (so the control plane can tell a silent node from a steady one, and catches up after it lost data).
 */
public final class StatsReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatsReporter.class);
    /** Every origin's health goes with every this-many reports (about a minute at the 5-second period). */
    static final int FULL_HEALTH_EVERY = 12;

    private final TrafficStats stats;
    private final Supplier<List<OriginHealth.View>> health;
    /** The {@code changes} of each origin as last delivered; cleared when a report fails. */
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();
    /** Reports attempted so far; every {@link #FULL_HEALTH_EVERY}th carries every origin. */
    private final AtomicLong reports = new AtomicLong();
    /** Set when a report failed: the next one carries every origin. */
    private volatile boolean sendAllHealth;
    private final HttpClient client;
    private final String nodeId;
    private final NodeRole role;
    private final Clock clock;
    private final Disposable schedule;

    public StatsReporter(TrafficStats stats, Supplier<List<OriginHealth.View>> health, String controlPlane,
                         String edgeToken, String nodeId, String role, Duration every, Clock clock) {
        this.stats = stats;
        this.health = health;
        this.nodeId = nodeId;
        this.role = NodeRole.ofWireName(role);
        this.clock = clock;
        this.client = HttpClient.create()
                .baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken)
                        .set("X-Edge-Id", nodeId)
                        .set("Content-Type", "application/json"));
        this.schedule = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(t -> reportNow().onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    /** Sends what was counted since the last report; completes when the control plane answered. */
    public Mono<Void> reportNow() {
        return Mono.defer(() -> {
            List<TrafficStats.Delta> deltas = stats.drain();
            boolean full = reports.getAndIncrement() % FULL_HEALTH_EVERY == 0 || sendAllHealth;
            List<OriginHealth.View> origins = health.get().stream()
                    .filter(v -> full || !Long.valueOf(v.changes()).equals(delivered.get(key(v))))
                    .toList();
            if (deltas.isEmpty() && origins.isEmpty()) {
                return Mono.empty();
            }
            Instant minute = Instant.now(clock).truncatedTo(ChronoUnit.MINUTES);
            byte[] body = WireCodec.writeBytes(new StatsReport(nodeId, role,
                    deltas.stream().map(d -> row(d, minute)).toList(),
                    origins.stream().map(StatsReporter::row).toList()));
            return client.post().uri("/v1/edge/stats")
                    .send(Mono.just(Unpooled.wrappedBuffer(body)))
                    .responseSingle((res, content) -> res.status().code() / 100 == 2 ? Mono.<Void>empty()
                            : content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                            .flatMap(text -> Mono.error(new IllegalStateException(
                                    "control plane answered " + res.status().code() + ": " + text))))
                    .doOnSuccess(done -> {
                        if (full) {
                            delivered.clear();
                            sendAllHealth = false;
                        }
                        origins.forEach(v -> delivered.put(key(v), v.changes()));
                    })
                    .doOnError(e -> {
                        log.debug("stats report failed, keeping the counts for the next one: {}", e.toString());
                        deltas.forEach(stats::restore);
                        sendAllHealth = true; // the control plane may have missed anything: send it all
                    });
        });
    }

    private static ServiceCounters row(TrafficStats.Delta d, Instant minute) {
        return new ServiceCounters(d.serviceId(), minute, d.requests(), d.hits(), d.misses(), d.stale(), d.bypass(),
                d.bytesToClients(), d.bytesFromOrigin(), d.originFetches(), d.errors(), d.status2xx(), d.status3xx(),
                d.status4xx(), d.status5xx(), d.originMillis(),
                d.topUrls().stream().map(u -> new UrlCount(u.url(), u.requests(), u.bytes())).toList(),
                d.variants().stream().map(v -> new VariantCount(v.experiment(), v.variant(), v.requests(), v.hits(),
                        v.misses(), v.status2xx(), v.status3xx(), v.status4xx(), v.status5xx(), v.originFetches(),
                        v.originMillis())).toList());
    }

    private static OriginHealthReport row(OriginHealth.View v) {
        return new OriginHealthReport(v.serviceId(), v.origin(), wire(v.status()), v.since(), v.checkedAt(),
                v.lastError(), v.lastErrorAt());
    }

    private static OriginHealthStatus wire(OriginStatus status) {
        return switch (status) {
            case HEALTHY -> OriginHealthStatus.HEALTHY;
            case UNHEALTHY -> OriginHealthStatus.UNHEALTHY;
            case UNKNOWN -> OriginHealthStatus.UNKNOWN;
        };
    }

    private static String key(OriginHealth.View v) {
        return v.serviceId() + '\u0000' + v.origin();
    }

    @Override
    public void close() {
        schedule.dispose();
    }
}
