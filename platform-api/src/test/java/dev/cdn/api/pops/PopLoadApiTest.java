package dev.cdn.api.pops;

import dev.cdn.api.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** {@code POST /v1/edge/load} and {@code GET /v1/pops}: per-PoP health and load from the edges' reports. */
@TestPropertySource(properties = {"cdn.operator.token=" + PopLoadApiTest.OPERATOR})
class PopLoadApiTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-pops";

    private void register(String node, String pop) {
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", node);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", node, "role", "edge", "pop", pop, "acks", List.of()))
                .exchange().expectStatus().isNoContent();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec report(String node, Object body) {
        return web.post().uri("/v1/edge/load").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", node);
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void pops_showTheMeanLoadOfTheirConnectedEdges() {
        register("edge-fra-1", "fra");
        register("edge-fra-2", "fra");
        register("edge-lhr-1", "lhr");
        report("edge-fra-1", Map.of("load", 0.9, "connections", 9, "capacity", 10)).expectStatus().isNoContent();
        report("edge-fra-2", Map.of("load", 0.5)).expectStatus().isNoContent();

        web.get().uri("/v1/pops").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[?(@.pop == 'fra')].load").isEqualTo(0.7)
                .jsonPath("$.items[?(@.pop == 'fra')].connectedEdges").isEqualTo(2)
                .jsonPath("$.items[?(@.pop == 'fra')].health").isEqualTo("up")
                .jsonPath("$.items[?(@.pop == 'lhr' && @.load == null)]").exists();
    }

    @Test
    void load_refusesAFigureOutsideZeroToOne_namingTheField() {
        report("edge-x", Map.of("load", 1.5)).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("load");
        report("edge-x", Map.of("connections", 3)).expectStatus().isBadRequest();
    }

    @Test
    void pops_refuseTenantsAndAnonymousCallers_andLoadRefusesNonEdges() {
        String tenant = signupAndLogin("pops-tenant@acme.test");
        web.get().uri("/v1/pops").headers(h -> h.setBearerAuth(tenant)).exchange().expectStatus().isForbidden();
        web.get().uri("/v1/pops").exchange().expectStatus().isUnauthorized();
        web.post().uri("/v1/edge/load").headers(h -> h.setBearerAuth(OPERATOR)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("load", 0.1)).exchange().expectStatus().isForbidden();
    }
}
