package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Plays one edge node against a test's platform-api: its event stream, its acks, and its disconnection. */
public final class EdgeNodeClient {

    private final WebTestClient web;
    private final DatabaseClient db;
    private final String nodeId;

    public EdgeNodeClient(WebTestClient web, DatabaseClient db, String nodeId) {
        this.web = web;
        this.db = db;
        this.nodeId = nodeId;
    }

    /**
     * Opens an event stream as the node does at start (so it registers), reads it until the heartbeat that ends
     * the backlog, then drops it (the node went down) and waits until the control plane recorded the end.
     */
    public void connectUntilCaughtUpThenGoDown() throws InterruptedException {
        String first = web.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/v1/edge/events?after=0")
                .headers(h -> {
                    h.setBearerAuth(ApiTestBase.EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                })
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()
                .filter(line -> line.contains("heartbeat")).blockFirst(Duration.ofSeconds(20));
        assertThat(first).contains("heartbeat");
        awaitDisconnected();
    }

    /** Acknowledges a purge as applied, the way an edge posts a batch. */
    public void ackPurge(long seq, String serviceId, Object purgeId) {
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(ApiTestBase.EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", nodeId, "role", "edge", "pop", "test", "acks", List.of(
                        Map.of("seq", seq, "serviceId", serviceId, "purgeId", purgeId, "status", "applied"))))
                .exchange().expectStatus().isNoContent();
    }

    /** Acknowledges an event as applied (any event: the service need not exist). */
    public void ack(long seq, String serviceId) {
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(ApiTestBase.EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", nodeId, "role", "edge", "pop", "test", "acks", List.of(
                        Map.of("seq", seq, "serviceId", serviceId, "status", "applied"))))
                .exchange().expectStatus().isNoContent();
    }

    /** The stream's end is recorded after the client went away: wait for it (a database condition, not a time). */
    private void awaitDisconnected() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Boolean.FALSE.equals(db.sql("SELECT disconnected_at IS NOT NULL AS down FROM edge_nodes WHERE node_id = :n")
                .bind("n", nodeId).map((row, meta) -> row.get("down", Boolean.class)).one()
                .defaultIfEmpty(false).block(Duration.ofSeconds(5)))) {
            assertThat(System.nanoTime()).as("edge %s recorded as disconnected within 10 s", nodeId).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
