package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** Each tenant has its own API request budget, advertised in RateLimit fields; one tenant's flood is its own. */
@Import(ManualTime.class)
@TestPropertySource(properties = {"cdn.api.rate-limit.burst=5", "cdn.api.rate-limit.per-second=1"})
class TenantRateLimitApiTest extends ApiTestBase {

    @Test
    void tenantBeyondItsBurst_gets429WithRetryAfter_whileAnotherTenantIsServed() {
        String flooder = signupAndLogin("flood@rate.test");
        String quiet = signupAndLogin("quiet@rate.test");
        for (int i = 4; i >= 0; i--) {
            web.get().uri("/v1/services").headers(h -> h.setBearerAuth(flooder)).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("RateLimit-Limit", "5")
                    .expectHeader().valueEquals("RateLimit-Remaining", Integer.toString(i))
                    .expectHeader().valueEquals("RateLimit-Policy", "5;w=5");
        }
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(flooder)).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().valueEquals("RateLimit-Remaining", "0")
                .expectBody().jsonPath("$.status").isEqualTo(429);

        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(quiet)).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "4");

        ManualTime.NANOS.addAndGet(Duration.ofSeconds(1).toNanos());
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(flooder)).exchange().expectStatus().isOk();
    }

    @Test
    void credentialRefusedForAnEmptyBudget_isRefusedBeforeAuthentication_untilATokenIsBack() {
        String flooder = signupAndLogin("early@rate.test");
        String bystander = signupAndLogin("bystander@rate.test");
        for (int i = 0; i < 5; i++) {
            web.get().uri("/v1/services").headers(h -> h.setBearerAuth(flooder)).exchange().expectStatus().isOk();
        }
        // The bucket refuses this one (after authentication) and remembers the credential...
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(flooder)).exchange()
                .expectStatus().isEqualTo(429);
        // ...so the next call is answered before the security chain runs, with the same fields.
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(flooder)).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().valueEquals("RateLimit-Limit", "5")
                .expectHeader().valueEquals("RateLimit-Remaining", "0")
                .expectBody().jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .startsWith("this credential's tenant spent its API request budget moments ago"));

        // Nobody else is refused with it: guessed secrets are still unauthenticated, other tenants are served.
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth("cdn_t_guessed")).exchange()
                .expectStatus().isUnauthorized();
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(bystander)).exchange().expectStatus().isOk();

        // The early refusal never outlives the bucket's: one token later the credential is served again.
        ManualTime.NANOS.addAndGet(Duration.ofSeconds(1).toNanos());
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(flooder)).exchange().expectStatus().isOk();
    }

    @Test
    void publicCalls_areNotCountedAgainstATenant() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist("RateLimit-Limit");
    }
}
