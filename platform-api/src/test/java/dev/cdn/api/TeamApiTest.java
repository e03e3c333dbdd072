package dev.cdn.api;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class TeamApiTest extends ApiTestBase {

    @Test
    void invitation_linkLetsAMemberJoinWithReadOnlyScopes() {
        String owner = signupAndLogin("boss@team.test");
        Map<?, ?> invitation = web.post().uri("/v1/invitations").headers(h -> h.setBearerAuth(owner))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "dev@team.test", "role", "member"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String secret = (String) invitation.get("token");
        web.post().uri("/v1/invitations/" + secret + "/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "member password")).exchange().expectStatus().isCreated();
        // The link works once.
        web.post().uri("/v1/invitations/" + secret + "/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "member password")).exchange().expectStatus().isNotFound();

        Map<?, ?> session = web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "dev@team.test", "password", "member password"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String member = (String) session.get("token");
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(member)).exchange().expectStatus().isOk();
        web.post().uri("/v1/services").headers(h -> h.setBearerAuth(member)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x")).exchange().expectStatus().isForbidden();
        web.get().uri("/v1/users").headers(h -> h.setBearerAuth(owner)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2);
    }

    @Test
    void lastOwner_cannotBeDemoted() {
        String owner = signupAndLogin("solo@team.test");
        Map<?, ?> me = web.get().uri("/v1/me").headers(h -> h.setBearerAuth(owner)).exchange()
                .expectBody(Map.class).returnResult().getResponseBody();
        web.patch().uri("/v1/users/" + me.get("userId")).headers(h -> h.setBearerAuth(owner))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("role", "member"))
                .exchange().expectStatus().isEqualTo(409);
    }
}
