package dev.cdn.portal.team;

import java.util.List;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebSession;
import org.springframework.web.util.UriComponentsBuilder;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.Invitation;
import dev.cdn.portal.api.TeamClient;
import dev.cdn.portal.web.Confirmation;
import dev.cdn.portal.web.FormErrors;

/**
 * Team members and their roles, and invitations (create, resend with a new link, cancel). No mail is sent: the
 * invitation link (a portal page, see the account package's {@code InvitationController}) is shown once, for the
 * inviter to pass on. Creating or resending answers with a redirect to the team page (post/redirect/get: reloading
 * it creates nothing); the link reaches that page through the server-side session and is removed as it is shown.
 */
@Controller
class TeamController {

    static final List<String> ROLES = List.of("owner", "admin", "member");
    static final List<String> INVITABLE_ROLES = List.of("member", "admin");
    private static final Set<String> INVITE_FIELDS = Set.of("email", "role");
    private static final String CREATED = "portal.team.invitation";

    private final TeamClient teamApi;

    TeamController(TeamClient teamApi) {
        this.teamApi = teamApi;
    }

    @GetMapping("/team")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String notice,
            WebSession session) {
        CreatedInvitation created = (CreatedInvitation) session.getAttributes().remove(CREATED);
        return render(user, "", "member", FormErrors.none(), created, message(notice), HttpStatus.OK);
    }

    @PostMapping("/team/invitations")
    Mono<Rendering> invite(@AuthenticationPrincipal PortalUser user, @ModelAttribute("invite") InviteForm form,
            ServerHttpRequest request, WebSession session) {
        String typed = form.email() == null ? "" : form.email().strip();
        String role = form.role() == null || form.role().isBlank() ? "member" : form.role();
        if (typed.isEmpty()) {
            return render(user, typed, role, FormErrors.field("email", "Enter the email address to invite."), null,
                    null, HttpStatus.BAD_REQUEST);
        }
        return teamApi.invite(user.apiToken(), typed, role)
                .map(invitation -> showOnce(session, request, invitation))
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 409
                        ? render(user, typed, role, FormErrors.fromProblem(e.problem(), INVITE_FIELDS), null, null,
                                HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
    }

    @PostMapping("/team/invitations/{id}/resend")
    Mono<Rendering> resend(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            ServerHttpRequest request, WebSession session) {
        return teamApi.resendInvitation(user.apiToken(), id).map(invitation -> showOnce(session, request, invitation));
    }

    @PostMapping("/team/invitations/{id}/cancel")
    Mono<Rendering> cancel(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return teamApi.cancelInvitation(user.apiToken(), id)
                .thenReturn(Rendering.redirectTo("/team?notice=cancelled").status(HttpStatus.SEE_OTHER).build());
    }

    /** Keeps the new link for the next page only, and sends the browser there (303: the reload is a GET). */
    private static Rendering showOnce(WebSession session, ServerHttpRequest request, Invitation invitation) {
        session.getAttributes().put(CREATED,
                new CreatedInvitation(invitation.email(), portalUrl(request, invitation.link())));
        return Rendering.redirectTo("/team").status(HttpStatus.SEE_OTHER).build();
    }

    @PostMapping("/team/users/{id}/role")
    Mono<Rendering> changeRole(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @ModelAttribute("roleChoice") RoleChoice choice) {
        return teamApi.changeRole(user.apiToken(), id, choice.role())
                .thenReturn(Rendering.redirectTo("/team?notice=role").build())
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 409
                        ? render(user, "", "member", FormErrors.fromProblem(e.problem(), Set.of()), null, null,
                                HttpStatus.CONFLICT)
                        : Mono.error(e));
    }

    /** Asks before removing a member: their log-ins and API tokens stop working at once. */
    @GetMapping("/team/users/{id}/remove")
    Mono<Rendering> confirmRemove(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return teamApi.listUsers(user.apiToken())
                .flatMap(members -> Mono.justOrEmpty(members.stream().filter(m -> m.id().equals(id)).findFirst()))
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)))
                .map(member -> Rendering.view("confirm").modelAttribute("confirm",
                        Confirmation.ask("Remove " + member.email() + "?").under("Team", "/team")
                                .says(member.email() + " (" + member.role() + ") leaves the team: their log-ins "
                                        + "and the API tokens they created stop working at once.")
                                .says("What they changed stays, and so does the audit log. To let them back in, "
                                        + "invite them again.")
                                .posts("/team/users/" + member.id() + "/remove", "Remove from the team")
                                .with("etag", member.etag())
                                .cancel("Keep it", "/team").build())
                        .build());
    }

    @PostMapping("/team/users/{id}/remove")
    Mono<Rendering> remove(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return teamApi.removeUser(user.apiToken(), id)
                .thenReturn(Rendering.redirectTo("/team?notice=removed").build())
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 409
                        ? render(user, "", "member", FormErrors.fromProblem(e.problem(), Set.of()), null, null,
                                HttpStatus.CONFLICT)
                        : Mono.error(e));
    }

    // WebFlux binds @RequestParam from the query string only; a form's fields reach a controller through data
    // binding (@ModelAttribute), hence these records.

    /** What the invitation form submits. */
    record InviteForm(String email, String role) {
    }

    /** What a member's role form submits. */
    record RoleChoice(String role) {
    }

    /** What the page shows once, right after inviting: the invitee and the whole link to send them. */
    record CreatedInvitation(String email, String link) {
    }

    /**
     * The API answers the link as a path ({@code /invitations/<token>}), which is a page of this portal: the
     * inviter needs the whole URL to pass on, so it gets this request's scheme, host and port (as the browser
     * sees them, behind a proxy too once {@code server.forward-headers-strategy} is set).
     */
    static String portalUrl(ServerHttpRequest request, String link) {
        if (link == null || !link.startsWith("/")) {
            return link; // already absolute (or missing): shown as the API gave it
        }
        return UriComponentsBuilder.fromUri(request.getURI()).replacePath(link).replaceQuery(null).fragment(null)
                .build(true).toUriString();
    }

    private static String message(String notice) {
        if ("role".equals(notice)) {
            return "The role was changed.";
        }
        if ("cancelled".equals(notice)) {
            return "The invitation was cancelled; its link no longer works.";
        }
        return "removed".equals(notice) ? "The member was removed; their tokens no longer work." : null;
    }

    private Mono<Rendering> render(PortalUser user, String email, String role, FormErrors errors,
            CreatedInvitation created, String notice, HttpStatus status) {
        return Mono.zip(teamApi.listUsers(user.apiToken()), teamApi.listInvitations(user.apiToken()))
                .map(both -> Rendering.view("team")
                        .modelAttribute("members", both.getT1())
                        .modelAttribute("invitations", both.getT2())
                        .modelAttribute("email", email)
                        .modelAttribute("role", role)
                        .modelAttribute("roles", ROLES)
                        .modelAttribute("invitableRoles", INVITABLE_ROLES)
                        .modelAttribute("isOwner", user.permissions().canManageMembers())
                        .modelAttribute("canInvite", user.permissions().canChange())
                        .modelAttribute("errors", errors)
                        .modelAttribute("created", created)
                        .modelAttribute("notice", notice)
                        .status(status)
                        .build());
    }
}
