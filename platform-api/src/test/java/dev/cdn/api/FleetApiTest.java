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

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

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
        String service = createService(tenant, "fleet.localhost", 8081);
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
        String service = createService(tenant, "rollout.localhost", 8081);
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

    /** The sequence number of the service's latest activation in the edge event log. */
    private long activationSeq(String service) {
        return db.sql("SELECT max(seq) AS seq FROM edge_events WHERE service_id = :id::uuid AND kind = 'config'")
                .bind("id", service).map((row, meta) -> row.get("seq", Long.class)).one().block();
    }

    private void activate(String tenant, String service, int number) {
        web.post().uri("/v1/services/" + service + "/versions/" + number + "/activate")
                .headers(h -> h.setBearerAuth(tenant)).exchange().expectStatus().isOk();
    }

    @Test
    void rollout_afterRollback_showsEdgesThatAppliedIt_andFlagsThoseThatLagOrRefused() {
        String tenant = signupAndLogin("rollback@acme.test");
        String service = createService(tenant, "rollback.localhost", 8081);
        activate(tenant, service, 1);
        web.post().uri("/v1/services/" + service + "/versions/1/clone").headers(h -> h.setBearerAuth(tenant))
                .exchange().expectStatus().isCreated();
        activate(tenant, service, 2);
        long v2 = activationSeq(service);
        for (String node : List.of("edge-on-v1", "edge-lagging", "edge-refused")) {
            ack(EDGE_TOKEN, node, v2, service, 2, "applied");
        }
        activate(tenant, service, 1); // the rollback
        long rollback = activationSeq(service);
        assertThat(rollback).isGreaterThan(v2);
        ack(EDGE_TOKEN, "edge-on-v1", rollback, service, 1, "applied");
        ack(EDGE_TOKEN, "edge-refused", rollback, service, 1, "failed");

        web.get().uri("/v1/services/" + service + "/rollout").headers(h -> h.setBearerAuth(tenant)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.activeVersion").isEqualTo(1)
                .jsonPath("$.complete").isEqualTo(false)
                .jsonPath("$.edges[?(@.nodeId == 'edge-on-v1')].version").isEqualTo(1)
                .jsonPath("$.edges[?(@.nodeId == 'edge-on-v1')].status").isEqualTo("current")
                .jsonPath("$.edges[?(@.nodeId == 'edge-lagging')].version").isEqualTo(2)
                .jsonPath("$.edges[?(@.nodeId == 'edge-lagging')].status").isEqualTo("behind")
                .jsonPath("$.edges[?(@.nodeId == 'edge-lagging')].reason")
                .isEqualTo("runs version 2; has not applied the activation of version 1 (seq " + rollback
                        + "), applied through seq " + v2)
                .jsonPath("$.edges[?(@.nodeId == 'edge-refused')].version").isEqualTo(2)
                .jsonPath("$.edges[?(@.nodeId == 'edge-refused')].status").isEqualTo("failed")
                .jsonPath("$.edges[?(@.nodeId == 'edge-refused')].reason").isEqualTo("rules[0]: broken");

        ack(EDGE_TOKEN, "edge-lagging", rollback, service, 1, "applied");
        web.get().uri("/v1/services/" + service + "/rollout").headers(h -> h.setBearerAuth(tenant)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.edges[?(@.nodeId == 'edge-lagging')].status").isEqualTo("current")
                .jsonPath("$.edges[?(@.nodeId == 'edge-lagging')].version").isEqualTo(1);
    }

    @Test
    void stats_reportedByEdges_areServedAsTimeSeries() {
        String tenant = signupAndLogin("stats@acme.test");
        String service = createService(tenant, "stats.localhost", 8081);
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
    void stats_ofAShield_areShieldTraffic_neverClientRequests() {
        String tenant = signupAndLogin("stats-shield@acme.test");
        String service = createService(tenant, "stats-shield.localhost", 8081);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(60);
        // The edge answered 20 clients (10 hits); its 10 misses went to the shield, which fetched 10 from the origin.
        Map<String, Object> edgeRow = Map.of("serviceId", service, "minute", minute.toString(), "requests", 20,
                "hits", 10, "misses", 10, "bytesToClients", 20_000, "status2xx", 20);
        Map<String, Object> shieldRow = Map.of("serviceId", service, "minute", minute.toString(), "requests", 10,
                "misses", 10, "bytesToClients", 10_000, "bytesFromOrigin", 10_000, "originFetches", 10, "status2xx", 10);
        for (var report : List.of(Map.of("nodeId", "edge-s", "role", "edge", "services", List.of(edgeRow)),
                Map.of("nodeId", "shield-s", "role", "shield", "services", List.of(shieldRow)))) {
            web.post().uri("/v1/edge/stats").headers(h -> {
                        h.setBearerAuth(EDGE_TOKEN);
                        h.set("X-Edge-Id", (String) report.get("nodeId"));
                    })
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(report).exchange().expectStatus().isNoContent();
        }
        web.get().uri("/v1/services/" + service + "/stats?from=" + minute + "&to=" + minute.plusSeconds(60) + "&step=60")
                .headers(h -> h.setBearerAuth(tenant)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.points[0].requests").isEqualTo(20)
                .jsonPath("$.points[0].hits").isEqualTo(10)
                .jsonPath("$.points[0].misses").isEqualTo(10)
                .jsonPath("$.points[0].hitRatio").isEqualTo(0.5)
                .jsonPath("$.points[0].originFetches").isEqualTo(10)
                .jsonPath("$.points[0].originOffload").isEqualTo(0.5)
                .jsonPath("$.points[0].shieldRequests").isEqualTo(10)
                .jsonPath("$.points[0].shieldHits").isEqualTo(0);

        web.post().uri("/v1/edge/stats").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "x");
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", "x", "role", "cache", "services", List.of(edgeRow))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("role");
    }

    @Test
    void purges_beyondTheTenantRate_get429WithRetryAfter() {
        String tenant = signupAndLogin("ratelimit@acme.test");
        String service = createService(tenant, "ratelimit.localhost", 8081);
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
