package dev.cdn.api.purge;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.EdgeNodeClient;
import java.util.Map;
import org.junit.jupiter.api.Tag;
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
@Tag("fault")
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
        EdgeNodeClient edgeDown = new EdgeNodeClient(web, db, "edge-down");
        EdgeNodeClient edgeUp = new EdgeNodeClient(web, db, "edge-up");
        edgeDown.connectUntilCaughtUpThenGoDown();

        Map<?, ?> purge = web.post().uri("/v1/services/" + serviceId + "/purge").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("all", true))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        long seq = ((Number) purge.get("seq")).longValue();
        edgeUp.ackPurge(seq, serviceId, purge.get("id"));

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
        edgeDown.ackPurge(seq, serviceId, purge.get("id"));
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
        edgeUp.ackPurge(((Number) next.get("seq")).longValue(), serviceId, next.get("id"));
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
}
