package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/** An API token's "last used" time is written when the token is used, at most once per token per minute. */
@Import(ManualTime.class)
class TokenLastUseApiTest extends ApiTestBase {

    @Test
    void apiToken_lastUsedAt_isWrittenWhenTheTokenIsUsed() {
        String session = signupAndLogin("used@tokens.test");
        String token = createToken(session, List.of("config:read"), List.of());
        assertThat(lastUsedAt(session)).isNull();

        call("GET", token, "/v1/services", null, null).expectStatus().isOk();

        assertThat(lastUsedAt(session)).isNotNull();
    }

    @Test
    void apiToken_lastUsedAt_isWrittenAtMostOncePerMinute_notOncePerRequest() {
        String session = signupAndLogin("flood@tokens.test");
        String token = createToken(session, List.of("config:read"), List.of());
        call("GET", token, "/v1/services", null, null).expectStatus().isOk();
        String first = lastUsedAt(session);
        assertThat(first).isNotNull();

        for (int i = 0; i < 20; i++) {
            call("GET", token, "/v1/services", null, null).expectStatus().isOk();
        }
        assertThat(lastUsedAt(session)).isEqualTo(first);

        ManualTime.NANOS.addAndGet(Duration.ofSeconds(61).toNanos());
        call("GET", token, "/v1/services", null, null).expectStatus().isOk();
        assertThat(lastUsedAt(session)).isNotNull().isNotEqualTo(first);
    }

    private String lastUsedAt(String session) {
        Map<?, ?> tokens = web.get().uri("/v1/tokens").headers(h -> h.setBearerAuth(session)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<?> items = (List<?>) tokens.get("items");
        assertThat(items).hasSize(1);
        return (String) ((Map<?, ?>) items.get(0)).get("lastUsedAt");
    }
}
