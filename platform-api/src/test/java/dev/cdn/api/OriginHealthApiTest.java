package dev.cdn.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Origin health: edges report it with their stats, tenants read it per origin of their own services only. */
class OriginHealthApiTest extends ApiTestBase {

    static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);

    String serviceWithTwoOrigins(String token, String domain) {
        Map<?, ?> service = web.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", domain, "domains", List.of(domain), "origins", List.of(
                        Map.of("name", "web", "host", "127.0.0.1", "port", 8081, "healthCheckPath", "/health"),
                        Map.of("name", "spare", "host", "127.0.0.1", "port", 8082, "weight", 0))))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String id = (String) service.get("id");
        web.post().uri("/v1/services/" + id + "/versions/1/activate").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk();
        return id;
    }

    static Map<String, Object> origin(String serviceId, String name, String status, String error) {
        Map<String, Object> o = new HashMap<>(Map.of("serviceId", serviceId, "origin", name, "status", status,
                "since", T.toString(), "checkedAt", T.toString()));
        o.put("lastError", error);
        o.put("lastErrorAt", error == null ? null : T.toString());
        return o;
    }

    WebTestClient.ResponseSpec report(String node, List<Map<String, Object>> origins) {
        return web.post().uri("/v1/edge/stats").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", node);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", node, "services", List.of(), "origins", origins))
                .exchange();
    }

    WebTestClient.BodyContentSpec health(String token, String serviceId) {
        return web.get().uri("/v1/services/" + serviceId + "/origins/health").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody();
    }

    @Test
    void reportedHealth_isStoredPerNode_andServedPerOrigin() {
        String tenant = signupAndLogin("health@acme.test");
        String service = serviceWithTwoOrigins(tenant, "health.example.com");
        // The shield registers through the control channel (its acks), which is where its role comes from.
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "shield-1");
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", "shield-1", "role", "shield", "pop", "fra", "acks", List.of()))
                .exchange().expectStatus().isNoContent();

        report("edge-1", List.of(origin(service, "web", "healthy", null), origin(service, "spare", "unknown", null)))
                .expectStatus().isNoContent();
        report("shield-1", List.of(origin(service, "web", "unhealthy", "connection refused")))
                .expectStatus().isNoContent();

        health(tenant, service)
                .jsonPath("$.serviceId").isEqualTo(service)
                .jsonPath("$.version").isEqualTo(1)
                .jsonPath("$.origins.length()").isEqualTo(2)
                .jsonPath("$.origins[0].name").isEqualTo("web")
                .jsonPath("$.origins[0].pool").isEqualTo("default")
                .jsonPath("$.origins[0].status").isEqualTo("degraded")
                .jsonPath("$.origins[0].healthy").isEqualTo(1)
                .jsonPath("$.origins[0].unhealthy").isEqualTo(1)
                .jsonPath("$.origins[0].unknown").isEqualTo(0)
                .jsonPath("$.origins[0].lastCheckedAt").isEqualTo(T.toString())
                .jsonPath("$.origins[0].lastError").isEqualTo("connection refused")
                .jsonPath("$.origins[0].edges.length()").isEqualTo(2)
                .jsonPath("$.origins[0].edges[?(@.nodeId == 'shield-1')].role").isEqualTo("shield")
                .jsonPath("$.origins[0].edges[?(@.nodeId == 'shield-1')].status").isEqualTo("unhealthy")
                .jsonPath("$.origins[1].name").isEqualTo("spare")
                .jsonPath("$.origins[1].status").isEqualTo("unknown")
                .jsonPath("$.origins[1].unknown").isEqualTo(1);

        // The latest report of a node replaces its previous one.
        report("edge-1", List.of(origin(service, "web", "unhealthy", "HTTP 503"))).expectStatus().isNoContent();
        health(tenant, service)
                .jsonPath("$.origins[0].status").isEqualTo("unhealthy")
                .jsonPath("$.origins[0].healthy").isEqualTo(0)
                .jsonPath("$.origins[0].unhealthy").isEqualTo(2);
    }

    @Test
    void originNobodyReportedOn_isUnknown() {
        String tenant = signupAndLogin("quiet@acme.test");
        String service = serviceWithTwoOrigins(tenant, "quiet.example.com");

        health(tenant, service)
                .jsonPath("$.origins[0].status").isEqualTo("unknown")
                .jsonPath("$.origins[0].healthy").isEqualTo(0)
                .jsonPath("$.origins[0].unknown").isEqualTo(0)
                .jsonPath("$.origins[0].edges.length()").isEqualTo(0)
                .jsonPath("$.origins[0].lastCheckedAt").doesNotExist();
    }

    @Test
    void anotherTenantsService_is404() {
        String owner = signupAndLogin("owner-h@acme.test");
        String service = serviceWithTwoOrigins(owner, "owned.example.com");
        report("edge-1", List.of(origin(service, "web", "healthy", null))).expectStatus().isNoContent();
        String other = signupAndLogin("other-h@acme.test");

        web.get().uri("/v1/services/" + service + "/origins/health").headers(h -> h.setBearerAuth(other))
                .exchange().expectStatus().isNotFound();
        web.get().uri("/v1/services/" + UUID.randomUUID() + "/origins/health").headers(h -> h.setBearerAuth(owner))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void invalidReport_isRefusedWhole_unknownServicesAreSkipped() {
        String tenant = signupAndLogin("bad-report@acme.test");
        String service = serviceWithTwoOrigins(tenant, "bad-report.example.com");

        report("edge-1", List.of(origin(service, "web", "fine", null))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("origins[0].status");
        report("edge-1", List.of(origin(UUID.randomUUID().toString(), "web", "healthy", null)))
                .expectStatus().isNoContent();

        health(tenant, service).jsonPath("$.origins[0].status").isEqualTo("unknown");
    }
}
