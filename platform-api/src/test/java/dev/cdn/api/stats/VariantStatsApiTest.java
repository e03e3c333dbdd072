package dev.cdn.api.stats;

import dev.cdn.api.ApiTestBase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Edges report counts per experiment variant; tenants read them per variant, summed over nodes and minutes. */
class VariantStatsApiTest extends ApiTestBase {

    private static final Instant MINUTE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);

    private WebTestClient.ResponseSpec report(String node, String role, String service, Instant minute,
                                              List<Map<String, Object>> variants) {
        Map<String, Object> row = Map.of("serviceId", service, "minute", minute.toString(), "requests", 10,
                "variants", variants);
        return web.post().uri("/v1/edge/stats").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", node);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", node, "role", role, "services", List.of(row), "origins", List.of()))
                .exchange();
    }

    private static Map<String, Object> variant(String experiment, String name, long requests, long hits, long misses,
                                               long s5, long fetches, long originMillis) {
        return Map.ofEntries(Map.entry("experiment", experiment), Map.entry("variant", name),
                Map.entry("requests", requests), Map.entry("hits", hits), Map.entry("misses", misses),
                Map.entry("status2xx", requests - s5), Map.entry("status3xx", 0), Map.entry("status4xx", 0),
                Map.entry("status5xx", s5), Map.entry("originFetches", fetches), Map.entry("originMillis", originMillis));
    }

    @Test
    void variants_sumEdgeReports_withHitRatioAndMeanOriginTime_andLeaveShieldsOut() {
        String token = signupAndLogin("variants@stats.test");
        String service = createService(token, "variants.stats.test", 8081);
        report("edge-a", "edge", service, MINUTE, List.of(variant("checkout", "control", 90, 80, 10, 0, 10, 500),
                variant("checkout", "new-flow", 10, 5, 5, 2, 5, 1000))).expectStatus().isNoContent();
        report("edge-b", "edge", service, MINUTE.plusSeconds(60),
                List.of(variant("checkout", "new-flow", 10, 5, 5, 0, 5, 500))).expectStatus().isNoContent();
        report("shield-a", "shield", service, MINUTE, List.of(variant("checkout", "control", 999, 999, 0, 0, 0, 0)))
                .expectStatus().isNoContent();

        web.get().uri("/v1/services/" + service + "/stats/variants").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.variants.length()").isEqualTo(2)
                .jsonPath("$.variants[0].variant").isEqualTo("control")
                .jsonPath("$.variants[0].requests").isEqualTo(90)
                .jsonPath("$.variants[0].hitRatio").isEqualTo(80.0 / 90)
                .jsonPath("$.variants[0].originMeanMillis").isEqualTo(50.0)
                .jsonPath("$.variants[1].variant").isEqualTo("new-flow")
                .jsonPath("$.variants[1].requests").isEqualTo(20)
                .jsonPath("$.variants[1].hitRatio").isEqualTo(0.5)
                .jsonPath("$.variants[1].status5xx").isEqualTo(2)
                .jsonPath("$.variants[1].originMeanMillis").isEqualTo(150.0);
    }

    @Test
    void aReportWithABadVariant_isRefusedNamingIt_andNothingIsStored() {
        String token = signupAndLogin("badvariant@stats.test");
        String service = createService(token, "badvariant.stats.test", 8081);
        report("edge-a", "edge", service, MINUTE, List.of(variant("checkout", "ok", 1, 1, 0, 0, 0, 0),
                variant("checkout", "bad name", 1, 1, 0, 0, 0, 0)))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'services[0].variants[1].variant')]").exists();
        report("edge-a", "edge", service, MINUTE, List.of(variant("checkout", "neg", -1, 0, 0, 0, 0, 0)))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'services[0].variants[0]')]").exists();
        web.get().uri("/v1/services/" + service + "/stats/variants").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.variants.length()").isEqualTo(0);
    }

    @Test
    void anotherTenantsVariants_areNotFound() {
        String owner = signupAndLogin("owner@variants.test");
        String service = createService(owner, "owner.variants.test", 8081);
        String other = signupAndLogin("other@variants.test");
        web.get().uri("/v1/services/" + service + "/stats/variants").headers(h -> h.setBearerAuth(other))
                .exchange().expectStatus().isNotFound();
    }
}
