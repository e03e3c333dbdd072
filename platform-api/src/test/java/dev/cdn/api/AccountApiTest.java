package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

@SuppressWarnings("unchecked")
class AccountApiTest extends ApiTestBase {

    @Test
    void signup_thenLogin_returnsSessionWithOwnerRole() {
        String token = signupAndLogin("owner@acme.test");
        assertThat(token).startsWith("cdn_s_");
        web.get().uri("/v1/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.role").isEqualTo("owner")
                .jsonPath("$.scopes").value(s -> assertThat((List<Object>) s).contains("config:write", "purge:all"));
    }

    @Test
    void signup_missingAndBadFields_listsEveryFieldAndStoresNothing() {
        web.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "not-an-email", "password", "short"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.errors[?(@.field == 'tenantName')].message").isEqualTo("is required")
                .jsonPath("$.errors[?(@.field == 'email')]").exists()
                .jsonPath("$.errors[?(@.field == 'password')]").exists();
        web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "not-an-email", "password", "short"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void signup_malformedJson_isProblemNamingBody() {
        web.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\": ")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("body");
    }

    @Test
    void signup_wrongType_namesTheField() {
        web.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tenantName\": \"x\", \"email\": [1], \"password\": \"long enough pw\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("email");
    }

    @Test
    void signup_duplicateEmail_isConflict() {
        signupAndLogin("dup@acme.test");
        web.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "Other", "email", "DUP@acme.test", "password", "another password"))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("email");
    }

    @Test
    void login_wrongPassword_isUnauthorizedProblem() {
        signupAndLogin("pw@acme.test");
        web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "pw@acme.test", "password", "wrong password!"))
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void logout_revokesTheSession() {
        String token = signupAndLogin("bye@acme.test");
        web.delete().uri("/v1/sessions/current").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isNoContent();
        web.get().uri("/v1/me").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void noToken_isUnauthorizedProblem() {
        web.get().uri("/v1/services").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void apiToken_secretShownOnce_scopesEnforced() {
        String session = signupAndLogin("tokens@acme.test");
        Map<?, ?> created = web.post().uri("/v1/tokens").headers(h -> h.setBearerAuth(session))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "ci", "scopes", List.of("config:read")))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String secret = (String) created.get("token");
        assertThat(secret).startsWith("cdn_t_");
        web.get().uri("/v1/tokens").headers(h -> h.setBearerAuth(session)).exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).doesNotContain(secret).contains("\"ci\""));
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(secret)).exchange().expectStatus().isOk();
        web.post().uri("/v1/services").headers(h -> h.setBearerAuth(secret)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "domains", List.of("x.test"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 80))))
                .exchange().expectStatus().isForbidden();
        web.delete().uri("/v1/tokens/" + created.get("id")).headers(h -> h.setBearerAuth(session)).exchange()
                .expectStatus().isNoContent();
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(secret)).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void apiToken_unknownScope_isRejectedNamingIt() {
        String session = signupAndLogin("scopes@acme.test");
        web.post().uri("/v1/tokens").headers(h -> h.setBearerAuth(session)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "bad", "scopes", List.of("config:read", "root")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("scopes[1]");
    }
}
