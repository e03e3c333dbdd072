package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiTest extends ApiTestBase {

    @Test
    void apiDocs_describeThePublicEndpoints() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).value(doc -> assertThat(doc)
                        .contains("/v1/signup", "/v1/sessions", "/v1/tokens", "/v1/services/{id}/purge",
                                "/v1/services/{id}/versions/{number}/activate", "/v1/services/{id}/origins/health"));
    }

    @Test
    void health_isPublic() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}
