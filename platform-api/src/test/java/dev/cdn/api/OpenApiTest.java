package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiTest extends ApiTestBase {

    @Test
    void apiDocs_describeThePublicEndpoints() {
        // The document is generated on first request, which takes seconds on a loaded machine.
        web.mutate().responseTimeout(java.time.Duration.ofSeconds(30)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).value(doc -> assertThat(doc)
                        .contains("/v1/signup", "/v1/sessions", "/v1/tokens", "/v1/services/{id}/purge",
                                "/v1/services/{id}/versions/{number}/activate", "/v1/services/{id}/origins/health",
                                "/v1/services/{id}/domains", "/v1/services/{id}/domains/{name}/check"));
    }

    @Test
    void health_isPublic() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}
