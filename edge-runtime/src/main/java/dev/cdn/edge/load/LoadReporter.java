package dev.cdn.edge.load;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports this node's load to the control plane every few seconds ({@code POST /v1/edge/load}), whether or not it
 * served anything since: an idle PoP's figure must stay fresh too. A report that fails is simply superseded by the
 * next one (a load figure is a reading, not a count: nothing is owed).
 */
public final class LoadReporter implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient client;
    private final IntSupplier connections;
    private final int capacity;
    private final Disposable schedule;

    public LoadReporter(String controlPlane, String edgeToken, String nodeId, IntSupplier connections, int capacity,
                        Duration every) {
        this.connections = connections;
        this.capacity = capacity;
        this.client = HttpClient.create()
                .baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken)
                        .set("X-Edge-Id", nodeId)
                        .set("Content-Type", "application/json"));
        this.schedule = Flux.interval(Duration.ZERO, every)
                .onBackpressureDrop()
                .concatMap(t -> reportNow().onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    /** Sends the current figure; completes when the control plane answered. */
    public Mono<Void> reportNow() {
        return Mono.defer(() -> {
            int open = connections.getAsInt();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("load", NodeLoad.of(open, capacity));
            body.put("connections", open);
            body.put("capacity", capacity);
            return client.post().uri("/v1/edge/load")
                    .send(Mono.just(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body))))
                    .responseSingle((res, content) -> res.status().code() / 100 == 2 ? Mono.<Void>empty()
                            : content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                            .flatMap(text -> Mono.error(new IllegalStateException(
                                    "control plane answered " + res.status().code() + ": " + text))));
        });
    }

    @Override
    public void close() {
        schedule.dispose();
    }
}
