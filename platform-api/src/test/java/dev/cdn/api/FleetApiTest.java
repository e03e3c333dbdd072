package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"cdn.operator.token=" + FleetApiTest.OPERATOR, "cdn.purge.max-per-minute=3"})
class FleetApiTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-tests";

    private void ack(String token, String node, long seq, String serviceId, Integer version, String status) {
        Map<String, Object> ack = new java.util.HashMap<>(Map.of("seq", seq, "serviceId", serviceId, "status", status));
        if (version != null) {
            ack.put("version", version);
        }
        if (status.equals("failed")) {
            ack.put("error", "rules[0]: broken");
        }
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(token);
                    h.set("X-Edge-Id", node);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", node, "role", "edge", "pop", "fra", "acks", List.of(ack)))
                .exchange().expectStatus().isNoContent();
    }

    @Test
    void edgeTokens_createdByOperator_authenticateEdges_untilRevoked() {
        Map<?, ?> created = web.post().uri("/v1/edge-tokens").headers(h -> h.setBearerAuth(OPERATOR))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "fra-pop"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String secret = (String) created.get("token");
        assertThat(secret).startsWith("cdn_e_");
        String tenant = signupAndLogin("fleet@acme.test");
        String service = createService(tenant, "fleet.example.com", 8081);
        ack(secret, "edge-fra-1", 1, service, 1, "applied");
        web.get().uri("/v1/edges").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.nodeId == 'edge-fra-1')].pop").isEqualTo("fra")
                .jsonPath("$.items[?(@.nodeId == 'edge-fra-1')].connected").isEqualTo(true);
        web.delete().uri("/v1/edge-tokens/" + created.get("id")).headers(h -> h.setBearerAuth(OPERATOR)).exchange()
                .expectStatus().isNoContent();
        web.post().uri("/v1/edge/acks").headers(h -> h.setBearerAuth(secret)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", "x", "acks", List.of())).exchange().expectStatus().isUnauthorized();
        // Tenants are not operators.
        web.get().uri("/v1/edges").headers(h -> h.setBearerAuth(tenant)).exchange().expectStatus().isForbidden();
    }

    @Test
    void rollout_showsWhichEdgesRunTheActiveVersion() {
        String tenant = signupAndLogin("rollout@acme.test");
        String service = createService(tenant, "rollout.example.com", 8081);
        web.post().uri("/v1/services/" + service + "/versions/1/activate").headers(h -> h.setBearerAuth(tenant))
                .exchange().expectStatus().isOk();
        ack(EDGE_TOKEN, "edge-a", 10, service, 1, "applied");
        ack(EDGE_TOKEN, "edge-b", 10, service, 1, "failed");
        web.get().uri("/v1/services/" + service + "/rollout").headers(h -> h.setBearerAuth(tenant)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.activeVersion").isEqualTo(1)
                .jsonPath("$.complete").isEqualTo(false)
                .jsonPath("$.edges[?(@.nodeId == 'edge-a')].status").isEqualTo("current")
                .jsonPath("$.edges[?(@.nodeId == 'edge-b')].status").isEqualTo("failed")
                .jsonPath("$.edges[?(@.nodeId == 'edge-b')].error").isEqualTo("rules[0]: broken");
    }

    @Test
    void stats_reportedByEdges_areServedAsTimeSeries() {
        String tenant = signupAndLogin("stats@acme.test");
        String service = createService(tenant, "stats.example.com", 8081);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120);
        Map<String, Object> counters = new java.util.HashMap<>(Map.of("serviceId", service, "minute", minute.toString(),
                "requests", 10, "hits", 8, "misses", 2, "bytesToClients", 10_000, "bytesFromOrigin", 2_000,
                "originFetches", 2, "status2xx", 10));
        for (String node : List.of("edge-1", "edge-2")) {
            web.post().uri("/v1/edge/stats").headers(h -> {
                        h.setBearerAuth(EDGE_TOKEN);
                        h.set("X-Edge-Id", node);
                    }).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("nodeId", node, "services", List.of(counters)))
                    .exchange().expectStatus().isNoContent();
        }
        web.get().uri("/v1/services/" + service + "/stats?from=" + minute.minusSeconds(60) + "&to="
                        + minute.plusSeconds(120) + "&step=60")
                .headers(h -> h.setBearerAuth(tenant)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.points.length()").isEqualTo(3)
                .jsonPath("$.points[0].requests").isEqualTo(0)
                .jsonPath("$.points[1].requests").isEqualTo(20)
                .jsonPath("$.points[1].hitRatio").isEqualTo(0.8)
                .jsonPath("$.points[1].originOffload").isEqualTo(0.8);
        String other = signupAndLogin("stats-other@acme.test");
        web.get().uri("/v1/services/" + service + "/stats").headers(h -> h.setBearerAuth(other)).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void purges_beyondTheTenantRate_get429WithRetryAfter() {
        String tenant = signupAndLogin("ratelimit@acme.test");
        String service = createService(tenant, "ratelimit.example.com", 8081);
        for (int i = 0; i < 3; i++) {
            web.post().uri("/v1/services/" + service + "/purge").headers(h -> h.setBearerAuth(tenant))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("tags", List.of("t" + 1)))
                    .exchange().expectStatus().isAccepted();
        }
        web.post().uri("/v1/services/" + service + "/purge").headers(h -> h.setBearerAuth(tenant))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("tags", List.of("t")))
                .exchange().expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After")
                .expectHeader().valueEquals("RateLimit-Limit", "3")
                .expectHeader().valueEquals("RateLimit-Remaining", "0")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
