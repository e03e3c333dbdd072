package dev.cdn.api.fleet;

import dev.cdn.api.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The time a restarted node served its disk unverified, as it reports it with its acks and the registry shows it. */
@TestPropertySource(properties = "cdn.operator.token=" + DiskUnverifiedApiTest.OPERATOR)
class DiskUnverifiedApiTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-tests";

    private WebTestClient.ResponseSpec post(String nodeId, Map<String, Object> body) {
        return web.post().uri("/v1/edge/acks").headers(h -> {
            h.setBearerAuth(EDGE_TOKEN);
            h.set("X-Edge-Id", nodeId);
        }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void report_isShownInTheRegistry_withItsSpanAndHits() {
        post("edge-restarted", Map.of("nodeId", "edge-restarted", "role", "edge", "pop", "fra", "acks", List.of(),
                "diskUnverified", Map.of("since", "2026-12-06T10:00:10Z", "until", "2026-12-06T10:00:52.500Z",
                        "hits", 12))).expectStatus().isNoContent();
        web.get().uri("/v1/edges").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[?(@.nodeId == 'edge-restarted')].diskUnverified.since").isEqualTo("2026-12-06T10:00:10Z")
                .jsonPath("$.items[?(@.nodeId == 'edge-restarted')].diskUnverified.until").isEqualTo("2026-12-06T10:00:52.500Z")
                .jsonPath("$.items[?(@.nodeId == 'edge-restarted')].diskUnverified.seconds").isEqualTo(42.5)
                .jsonPath("$.items[?(@.nodeId == 'edge-restarted')].diskUnverified.hits").isEqualTo(12);
    }

    @Test
    void report_endingBeforeItStarts_is400NamingTheField_andNothingIsStored() {
        post("edge-confused", Map.of("nodeId", "edge-confused", "role", "edge", "pop", "fra", "acks", List.of(),
                "diskUnverified", Map.of("since", "2026-12-06T10:00:10Z", "until", "2026-12-06T09:00:00Z",
                        "hits", 1))).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == 'diskUnverified.until')]").exists();
        web.get().uri("/v1/edges").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.nodeId == 'edge-confused')]").doesNotExist();
    }
}
