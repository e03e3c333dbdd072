package dev.cdn.api.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A purge is {@code complete} only when every registered edge has applied it: an edge that is down when the purge
 * is issued still holds the purged objects, so until it catches up the purge is {@code partial} and the edge is
 * listed as unreachable with its last-seen time (docs/api.md, "Purging"). One scenario per class: edges are
 * fleet-wide, so another test's edges would take part in this one's purges.
 */
@TestPropertySource(properties = "cdn.operator.token=" + PurgeCompletionTest.OPERATOR)
class PurgeCompletionTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-tests";

    @Autowired
    DatabaseClient db;

    @Test
    void purge_isPartialWhileARegisteredEdgeIsDown_andCompleteOnceItCatchesUp() throws Exception {
        String token = signupAndLogin("complete@acme.test");
        String serviceId = createService(token, "complete.example.com", 8081);
        // edge-down connects (so it is registered), then its stream ends: it went down.
        String first = web.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/v1/edge/events?after=0")
                .headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-down");
                })
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody().blockFirst(Duration.ofSeconds(20));
        assertThat(first).contains("heartbeat");
        awaitDisconnected("edge-down");

        Map<?, ?> purge = web.post().uri("/v1/services/" + serviceId + "/purge").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("all", true))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        long seq = ((Number) purge.get("seq")).longValue();
        ack("edge-up", seq, serviceId, purge.get("id"));

        web.get().uri("/v1/purges/" + purge.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("partial")
                .jsonPath("$.completedAt").doesNotExist()
                .jsonPath("$.edges.length()").isEqualTo(2)
                .jsonPath("$.edges[?(@.nodeId == 'edge-down')].status").isEqualTo("unreachable")
                .jsonPath("$.edges[?(@.nodeId == 'edge-down')].lastSeenAt").exists()
                .jsonPath("$.edges[?(@.nodeId == 'edge-up')].status").isEqualTo("applied");

        // edge-down comes back and applies it.
        ack("edge-down", seq, serviceId, purge.get("id"));
        web.get().uri("/v1/purges/" + purge.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("complete")
                .jsonPath("$.completedAt").exists()
                .jsonPath("$.edges[?(@.nodeId == 'edge-down')].status").isEqualTo("applied");

        // A node gone for good keeps a later purge partial until the operator decommissions it.
        Map<?, ?> next = web.post().uri("/v1/services/" + serviceId + "/purge").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("all", true))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        ack("edge-up", ((Number) next.get("seq")).longValue(), serviceId, next.get("id"));
        web.get().uri("/v1/purges/" + next.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("partial");
        web.delete().uri("/v1/edges/edge-down").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isForbidden();
        web.delete().uri("/v1/edges/edge-down").headers(h -> h.setBearerAuth(OPERATOR)).exchange()
                .expectStatus().isNoContent();
        web.delete().uri("/v1/edges/edge-down").headers(h -> h.setBearerAuth(OPERATOR)).exchange()
                .expectStatus().isNotFound();
        web.get().uri("/v1/purges/" + next.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody()
                .jsonPath("$.status").isEqualTo("complete")
                .jsonPath("$.edges.length()").isEqualTo(1);
    }

    void ack(String nodeId, long seq, String serviceId, Object purgeId) {
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", nodeId, "role", "edge", "pop", "test", "acks", List.of(
                        Map.of("seq", seq, "serviceId", serviceId, "purgeId", purgeId, "status", "applied"))))
                .exchange().expectStatus().isNoContent();
    }

    /** The stream's end is recorded after the client went away: wait for it (a database condition, not a time). */
    void awaitDisconnected(String nodeId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Boolean.FALSE.equals(db.sql("SELECT disconnected_at IS NOT NULL AS down FROM edge_nodes WHERE node_id = :n")
                .bind("n", nodeId).map((row, meta) -> row.get("down", Boolean.class)).one()
                .defaultIfEmpty(false).block(Duration.ofSeconds(5)))) {
            assertThat(System.nanoTime()).as("edge %s recorded as disconnected within 10 s", nodeId).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
