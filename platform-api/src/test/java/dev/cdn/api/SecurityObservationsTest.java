package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Spring Security's own observations (a timer and a span around every security filter, authentication and
 * authorization of every call) are off: under a flood they were a tenth of the API's CPU, and the HTTP server's
 * request metrics already time each call.
 */
class SecurityObservationsTest extends ApiTestBase {

    @Test
    void securityFilterChain_isNotObservedPerFilter_butRequestsAreStillTimed() {
        String token = signupAndLogin("observed@observations.test");
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        String metrics = web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).doesNotContain("spring_security_filterchains").contains("http_server_requests");
    }
}
