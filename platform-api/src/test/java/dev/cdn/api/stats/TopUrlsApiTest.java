package dev.cdn.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Edges report each service's most requested paths; tenants read them summed over nodes and minutes. */
class TopUrlsApiTest extends ApiTestBase {

    private static final Instant MINUTE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);

    private WebTestClient.ResponseSpec report(String node, String role, Map<String, Object> row) {
        return web.post().uri("/v1/edge/stats").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", node);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", node, "role", role, "services", List.of(row), "origins", List.of()))
                .exchange();
    }

    private static Map<String, Object> row(String service, Instant minute, List<Map<String, Object>> topUrls) {
        return Map.of("serviceId", service, "minute", minute.toString(), "requests", 10, "topUrls", topUrls);
    }

    private static Map<String, Object> url(String path, long requests, long bytes) {
        return Map.of("url", path, "requests", requests, "bytes", bytes);
    }

    @Test
    void topUrls_sumEdgeReportsOverNodesAndMinutes_largestFirst_andLeaveShieldFillsOut() {
        String token = signupAndLogin("top@urls.test");
        String service = createService(token, "top.urls.test", 8081);
        report("edge-a", "edge", row(service, MINUTE, List.of(url("/a", 5, 500), url("/b", 4, 40)))).expectStatus().isNoContent();
        report("edge-b", "edge", row(service, MINUTE, List.of(url("/b", 3, 30)))).expectStatus().isNoContent();
        report("edge-a", "edge", row(service, MINUTE.plusSeconds(60), List.of(url("/c", 1, 1)))).expectStatus().isNoContent();
        report("shield-a", "shield", row(service, MINUTE, List.of(url("/a", 100, 1)))).expectStatus().isNoContent();

        web.get().uri("/v1/services/" + service + "/stats/top-urls?limit=2").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.urls.length()").isEqualTo(2)
                .jsonPath("$.urls[0].url").isEqualTo("/b")
                .jsonPath("$.urls[0].requests").isEqualTo(7)
                .jsonPath("$.urls[0].bytes").isEqualTo(70)
                .jsonPath("$.urls[1].url").isEqualTo("/a")
                .jsonPath("$.urls[1].requests").isEqualTo(5);
    }

    @Test
    void topUrls_outsideTheRange_areNotCounted() {
        String token = signupAndLogin("range@urls.test");
        String service = createService(token, "range.urls.test", 8081);
        report("edge-a", "edge", row(service, MINUTE.minus(3, ChronoUnit.HOURS), List.of(url("/old", 9, 9))))
                .expectStatus().isNoContent();
        var body = web.get().uri("/v1/services/" + service + "/stats/top-urls").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"urls\":[]");
    }

    @Test
    void report_withAUrlThatIsNotAPath_isRefusedNamingIt_andNothingIsStored() {
        String token = signupAndLogin("bad@urls.test");
        String service = createService(token, "bad.urls.test", 8081);
        report("edge-a", "edge", row(service, MINUTE, List.of(url("/fine", 1, 1), url("http://x/y", 1, 1))))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'services[0].topUrls[1].url')]").exists();
        web.get().uri("/v1/services/" + service + "/stats/top-urls").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.urls.length()").isEqualTo(0);
    }

    @Test
    void report_withTooManyUrls_isRefused() {
        String token = signupAndLogin("many@urls.test");
        String service = createService(token, "many.urls.test", 8081);
        List<Map<String, Object>> many = java.util.stream.IntStream.range(0, StatsService.MAX_TOP_URLS_PER_ROW + 1)
                .mapToObj(i -> url("/" + i, 1, 1)).toList();
        report("edge-a", "edge", row(service, MINUTE, many)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'services[0].topUrls')]").exists();
    }

    @Test
    void topUrls_limitOutOfRange_isRefusedNamingLimit() {
        String token = signupAndLogin("limit@urls.test");
        String service = createService(token, "limit.urls.test", 8081);
        web.get().uri("/v1/services/" + service + "/stats/top-urls?limit=1000").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == 'limit')]").exists();
    }
}
