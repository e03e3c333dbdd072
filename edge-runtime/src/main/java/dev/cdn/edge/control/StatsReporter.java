package dev.cdn.edge.control;

import dev.cdn.edge.metrics.TrafficStats;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports traffic counters to the control plane every few seconds ({@code POST /v1/edge/stats}), as deltas
 * attributed to the minute of the report. A report that fails is put back and goes with the next one, so a
 * control-plane outage delays statistics but does not lose them.
 */
public final class StatsReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatsReporter.class);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final TrafficStats stats;
    private final HttpClient client;
    private final String nodeId;
    private final Clock clock;
    private final Disposable schedule;

    public StatsReporter(TrafficStats stats, String controlPlane, String edgeToken, String nodeId, Duration every,
                         Clock clock) {
        this.stats = stats;
        this.nodeId = nodeId;
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
            if (deltas.isEmpty()) {
                return Mono.empty();
            }
            String minute = Instant.now(clock).truncatedTo(ChronoUnit.MINUTES).toString();
            List<Map<String, Object>> rows = deltas.stream().map(d -> row(d, minute)).toList();
            byte[] body = JSON.writeValueAsBytes(Map.of("nodeId", nodeId, "services", rows));
            return client.post().uri("/v1/edge/stats")
                    .send(Mono.just(Unpooled.wrappedBuffer(body)))
                    .responseSingle((res, content) -> res.status().code() / 100 == 2 ? Mono.<Void>empty()
                            : content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                            .flatMap(text -> Mono.error(new IllegalStateException(
                                    "control plane answered " + res.status().code() + ": " + text))))
                    .doOnError(e -> {
                        log.debug("stats report failed, keeping the counts for the next one: {}", e.toString());
                        deltas.forEach(stats::restore);
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
        return row;
    }

    @Override
    public void close() {
        schedule.dispose();
    }
}
