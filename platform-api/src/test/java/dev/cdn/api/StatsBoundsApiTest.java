package dev.cdn.api;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** A stats query's range is bounded before any database work: 400 naming the parameter, at once. */
class StatsBoundsApiTest extends ApiTestBase {

    @Test
    void stats_fromBeforeTheCommonEra_isRefusedNamingFrom() {
        String token = signupAndLogin("stats@bounds.test");
        String service = createService(token, "stats.bounds.test", 8081);
        web.mutate().responseTimeout(Duration.ofSeconds(10)).build()
                .get().uri("/v1/services/" + service + "/stats?from=-4713-11-24T00:00:00Z&step=1073741760")
                .headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == 'from')]").exists();
    }

    @Test
    void stats_stepBeyondAnInt_isRefusedNamingStep() {
        String token = signupAndLogin("step@bounds.test");
        String service = createService(token, "step.bounds.test", 8081);
        web.get().uri("/v1/services/" + service + "/stats?step=2147483648")
                .headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'step')]").exists();
    }

    @Test
    void stats_rangeOfTwoMonths_isRefusedNamingFrom() {
        String token = signupAndLogin("span@bounds.test");
        String service = createService(token, "span.bounds.test", 8081);
        web.get().uri("/v1/services/" + service + "/stats?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&step=86400")
                .headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'from')]").exists();
    }
}
