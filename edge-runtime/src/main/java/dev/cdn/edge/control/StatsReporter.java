package dev.cdn.edge.control;

import dev.cdn.edge.metrics.TrafficStats;
import dev.cdn.edge.upstream.OriginHealth;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
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
import tools.jackson.databind.json.JsonMapper;

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
    private static final JsonMapper JSON = JsonMapper.shared();
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
    private final String role;
    private final Clock clock;
    private final Disposable schedule;

    public StatsReporter(TrafficStats stats, Supplier<List<OriginHealth.View>> health, String controlPlane,
                         String edgeToken, String nodeId, String role, Duration every, Clock clock) {
        this.stats = stats;
        this.health = health;
        this.nodeId = nodeId;
        this.role = role;
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
            String minute = Instant.now(clock).truncatedTo(ChronoUnit.MINUTES).toString();
            List<Map<String, Object>> rows = deltas.stream().map(d -> row(d, minute)).toList();
            List<Map<String, Object>> healthRows = origins.stream().map(StatsReporter::row).toList();
            byte[] body = JSON.writeValueAsBytes(Map.of("nodeId", nodeId, "role", role, "services", rows,
                    "origins", healthRows));
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

    private static Map<String, Object> row(TrafficStats.Delta d, String minute) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("serviceId", d.serviceId());
        row.put("minute", minute);
        row.put("requests", d.requests());
        row.put("hits", d.hits());
        row.put("misses", d.misses());
        row.put("stale", d.stale());
        row.put("bypass", d.bypass());
        row.put("bytesToClients", d.bytesToClients());
        row.put("bytesFromOrigin", d.bytesFromOrigin());
        row.put("originFetches", d.originFetches());
        row.put("errors", d.errors());
        row.put("status2xx", d.status2xx());
        row.put("status3xx", d.status3xx());
        row.put("status4xx", d.status4xx());
        row.put("status5xx", d.status5xx());
        if (!d.originMillis().isEmpty()) {
            row.put("originMillis", d.originMillis());
        }
        if (!d.topUrls().isEmpty()) {
            row.put("topUrls", d.topUrls());
        }
        if (!d.variants().isEmpty()) {
            row.put("variants", d.variants());
        }
        return row;
    }

    private static Map<String, Object> row(OriginHealth.View v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("serviceId", v.serviceId());
        row.put("origin", v.origin());
        row.put("status", v.status().wireName());
        row.put("since", v.since().toString());
        row.put("checkedAt", v.checkedAt() == null ? null : v.checkedAt().toString());
        row.put("lastError", v.lastError());
        row.put("lastErrorAt", v.lastErrorAt() == null ? null : v.lastErrorAt().toString());
        return row;
    }

    private static String key(OriginHealth.View v) {
        return v.serviceId() + '\u0000' + v.origin();
    }

    @Override
    public void close() {
        schedule.dispose();
    }
}
