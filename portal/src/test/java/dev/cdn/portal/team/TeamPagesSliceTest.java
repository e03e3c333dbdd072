package dev.cdn.portal.team;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.Invitation;
import dev.cdn.portal.api.TeamMember;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The team page with the client mocked: roles, removal, and invitations with their link shown once, in full. */
class TeamPagesSliceTest extends PortalSliceTest {

    private static final String LINK = "/invitations/cdn_i_onetimesecret";

    @BeforeEach
    void stubTeam() {
        Instant now = Instant.now();
        when(teamApi.listUsers(anyString())).thenReturn(Mono.just(List.of(
                new TeamMember("u1", "owner@shop.test", "owner", now, null),
                new TeamMember("u2", "member@shop.test", "member", now, null))));
        when(teamApi.listInvitations(anyString())).thenReturn(Mono.just(List.of(
                new Invitation("i1", "pending@shop.test", "admin", now.plusSeconds(3600), null, null, null))));
    }

    @Test
    void teamPage_listsMembersAndInvitations_withRoleFormsForAnOwner() {
        String page = get("/team", 200);

        assertThat(page).contains("owner@shop.test", "member@shop.test", "pending@shop.test", "not yet",
                "action=\"/team/users/u2/role\"", "aria-label=\"Remove member@shop.test\"")
                .doesNotContain("aria-label=\"Remove owner@shop.test\"");
    }

    @Test
    void teamPage_forAMember_showsRolesWithoutForms() {
        String page = signedInAs(MEMBER).get().uri("/team").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("member@shop.test").doesNotContain("/team/users/u1/role", "/remove");
    }

    @Test
    void invite_showsTheWholePortalLinkOnce() {
        when(teamApi.invite(anyString(), eq("new@shop.test"), eq("admin"))).thenReturn(Mono.just(new Invitation("i2",
                "new@shop.test", "admin", Instant.now().plusSeconds(3600), null, LINK, "cdn_i_onetimesecret")));

        // The host and port the browser used are what the link gets, not the API's or a configured one.
        // Post/redirect/get: the answer to the post is a redirect; the page it leads to shows the link once.
        String session = post("http://portal.example:8443/team/invitations", "email", "new@shop.test", "role", "admin")
                .expectStatus().isSeeOther().expectHeader().location("/team")
                .expectBody().returnResult().getResponseCookies().getFirst("PORTAL_SESSION").getValue();
        String created = signedIn().get().uri("/team").cookie("PORTAL_SESSION", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String later = signedIn().get().uri("/team").cookie("PORTAL_SESSION", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(created).contains("Invitation for new@shop.test", "shown only once",
                "value=\"http://portal.example:8443" + LINK + "\"");
        assertThat(later).doesNotContain("cdn_i_onetimesecret");
    }

    @Test
    void invite_refusedByApi_showsErrorInlineAndKeepsValues() {
        when(teamApi.invite(anyString(), eq("bad@localhost"), eq("admin"))).thenReturn(Mono.error(problem(400,
                new ApiFieldError("email", "must be a valid email address"))));

        String page = post("/team/invitations", "email", "bad@localhost", "role", "admin")
                .expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("id=\"email-error\"", "Must be a valid email address.", "value=\"bad@localhost\"",
                "<option value=\"admin\" selected=\"selected\">");
    }

    @Test
    void invite_withoutEmail_isRefusedWithoutCallingApi() {
        post("/team/invitations", "email", "  ", "role", "member").expectStatus().isBadRequest();

        verify(teamApi, never()).invite(anyString(), anyString(), anyString());
    }

    @Test
    void changeRole_redirectsWithNotice() {
        when(teamApi.changeRole(anyString(), eq("u2"), eq("admin")))
                .thenReturn(Mono.just(new TeamMember("u2", "member@shop.test", "admin", Instant.now(), null)));

        post("/team/users/u2/role", "role", "admin").expectStatus().isSeeOther()
                .expectHeader().location("/team?notice=role");

        verify(teamApi).changeRole(anyString(), eq("u2"), eq("admin"));
        assertThat(get("/team?notice=role", 200)).contains("The role was changed.");
    }

    @Test
    void demotingTheLastOwner_showsTheApisReason() {
        when(teamApi.changeRole(anyString(), eq("u1"), eq("member"))).thenReturn(Mono.error(problem(409,
                new ApiFieldError("role", "this is the team's last owner: make someone else an owner first"))));

        String page = post("/team/users/u1/role", "role", "member").expectStatus().isEqualTo(409)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("Role: this is the team&#39;s last owner: make someone else an owner first.");
    }

    @Test
    void removeMember_redirectsWithNotice() {
        when(teamApi.removeUser(anyString(), eq("u2"))).thenReturn(Mono.empty());

        post("/team/users/u2/remove").expectStatus().isSeeOther().expectHeader().location("/team?notice=removed");

        verify(teamApi).removeUser(anyString(), eq("u2"));
    }

    @Test
    void removeByANonOwner_isTheAccessDeniedPage() {
        when(teamApi.removeUser(anyString(), eq("u1"))).thenReturn(Mono.error(problem(403)));

        String page = post("/team/users/u1/remove").expectStatus().isForbidden()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("<title>Access denied · CDN Portal</title>");
    }
}
