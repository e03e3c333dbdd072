package dev.cdn.api.purge;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.EdgeNodeClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@code GET /v1/services/{id}/purges}: the service's latest purges, newest first, each with every registered
 * edge's status and last-seen time; another tenant's service is not found, and a bad {@code limit} is a problem
 * that names it. One scenario per class: edges are fleet-wide.
 */
class PurgeHistoryTest extends ApiTestBase {

    @Autowired
    DatabaseClient db;

    @Test
    void history_listsNewestFirst_withEachEdgesStatus() throws Exception {
        String token = signupAndLogin("history@acme.test");
        String serviceId = createService(token, "history.example.com", 8081);
        EdgeNodeClient down = new EdgeNodeClient(web, db, "history-down");
        EdgeNodeClient up = new EdgeNodeClient(web, db, "history-up");
        down.connectUntilCaughtUpThenGoDown();
        Map<?, ?> first = purge(token, serviceId, Map.of("tags", java.util.List.of("product-1")));
        up.ackPurge(((Number) first.get("seq")).longValue(), serviceId, first.get("id"));
        Map<?, ?> second = purge(token, serviceId, Map.of("all", true));

        web.get().uri("/v1/services/" + serviceId + "/purges").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].id").isEqualTo(second.get("id"))
                .jsonPath("$.items[0].kind").isEqualTo("all")
                .jsonPath("$.items[1].id").isEqualTo(first.get("id"))
                .jsonPath("$.items[1].values[0]").isEqualTo("product-1")
                .jsonPath("$.items[1].status").isEqualTo("partial")
                .jsonPath("$.items[1].edges[?(@.nodeId == 'history-up')].status").isEqualTo("applied")
                .jsonPath("$.items[1].edges[?(@.nodeId == 'history-down')].status").isEqualTo("unreachable")
                .jsonPath("$.items[1].edges[?(@.nodeId == 'history-down')].lastSeenAt").exists();

        web.get().uri("/v1/services/" + serviceId + "/purges?limit=1").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(1);
        web.get().uri("/v1/services/" + serviceId + "/purges?limit=0").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");

        String stranger = signupAndLogin("stranger@other.test");
        web.get().uri("/v1/services/" + serviceId + "/purges").headers(h -> h.setBearerAuth(stranger)).exchange()
                .expectStatus().isNotFound();
    }

    private Map<?, ?> purge(String token, String serviceId, Map<String, Object> body) {
        return web.post().uri("/v1/services/" + serviceId + "/purge").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
    }
}
