package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void invitation_ofYourOwnAddress_isRefusedAtCreation() {
        String owner = signupAndLogin("self@team.test");
        invite(owner, "SELF@team.test").expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("email")
                .jsonPath("$.errors[0].message").isEqualTo("this is your own address: you are already in this team");
        web.get().uri("/v1/invitations").headers(h -> h.setBearerAuth(owner)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void invitation_ofSomeoneWithAnAccountElsewhere_isRefusedAtCreation() {
        signupAndLogin("taken@elsewhere.test");
        String owner = signupAndLogin("boss@refuse.test");
        invite(owner, "taken@elsewhere.test").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("email")
                .jsonPath("$.errors[0].message").isEqualTo(
                        "this address already has an account; one address can belong to one team only");
    }

    @Test
    void invitation_toAnAddressAlreadyInvited_isRefusedWithAHintToResend() {
        String owner = signupAndLogin("boss@twice.test");
        invite(owner, "dev@twice.test").expectStatus().isCreated();
        invite(owner, "dev@twice.test").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("email")
                .jsonPath("$.errors[0].message").isEqualTo(
                        "this address already has a pending invitation: resend or cancel it instead");
    }

    @Test
    void invitation_cancelled_linkNoLongerWorks() {
        String owner = signupAndLogin("boss@cancel.test");
        Map<?, ?> invitation = invite(owner, "dev@cancel.test").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        call("DELETE", owner, "/v1/invitations/" + invitation.get("id"), null, null).expectStatus().isNoContent();

        accept((String) invitation.get("token")).expectStatus().isNotFound();
        web.get().uri("/v1/invitations").headers(h -> h.setBearerAuth(owner)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        call("DELETE", owner, "/v1/invitations/" + invitation.get("id"), null, null).expectStatus().isNotFound();
    }

    @Test
    void invitation_resent_givesANewLink_andTheOldOneStopsWorking() {
        String owner = signupAndLogin("boss@resend.test");
        Map<?, ?> first = invite(owner, "dev@resend.test").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> again = call("POST", owner, "/v1/invitations/" + first.get("id") + "/resend", null, null)
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(again.get("token")).isNotNull().isNotEqualTo(first.get("token"));
        assertThat((String) again.get("link")).isEqualTo("/invitations/" + again.get("token"));

        accept((String) first.get("token")).expectStatus().isNotFound();
        accept((String) again.get("token")).expectStatus().isCreated();
        // Accepted: there is nothing left to resend or cancel.
        call("POST", owner, "/v1/invitations/" + first.get("id") + "/resend", null, null).expectStatus().isEqualTo(409);
        call("DELETE", owner, "/v1/invitations/" + first.get("id"), null, null).expectStatus().isEqualTo(409);
    }

    @Test
    void invitation_ofAnotherTenant_cannotBeCancelledOrResent() {
        String owner = signupAndLogin("boss@mine.test");
        Map<?, ?> invitation = invite(owner, "dev@mine.test").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String stranger = signupAndLogin("boss@theirs.test");
        call("DELETE", stranger, "/v1/invitations/" + invitation.get("id"), null, null).expectStatus().isNotFound();
        call("POST", stranger, "/v1/invitations/" + invitation.get("id") + "/resend", null, null)
                .expectStatus().isNotFound();
        accept((String) invitation.get("token")).expectStatus().isCreated();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec invite(String session, String email) {
        return call("POST", session, "/v1/invitations", null, Map.of("email", email, "role", "member"));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec accept(String secret) {
        return web.post().uri("/v1/invitations/" + secret + "/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "member password")).exchange();
    }
}
