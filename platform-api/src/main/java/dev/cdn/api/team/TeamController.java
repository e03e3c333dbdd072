package dev.cdn.api.team;

import dev.cdn.api.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import java.util.UUID;
import dev.cdn.api.etag.Tagged;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A tenant's users and roles, and invitations to join (the link is returned; there is no mail server). */
@RestController
class TeamController {

    private final TeamService team;

    TeamController(TeamService team) {
        this.team = team;
    }

    @GetMapping("/v1/users")
    Mono<Map<String, Object>> users(@AuthenticationPrincipal TenantPrincipal caller) {
        return team.users(caller).collectList().map(items -> Map.of("items", items));
    }

    @GetMapping("/v1/users/{id}")
    Mono<ResponseEntity<TeamService.User>> user(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return team.get(caller, id).map(u -> Tagged.ok(u, u.etag()));
    }

    /** Honours {@code If-Match} against the user's ETag. */
    @PatchMapping("/v1/users/{id}")
    Mono<ResponseEntity<TeamService.User>> changeRole(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @RequestBody TeamService.RoleChange body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return team.changeRole(caller, id, body, ifMatch).map(u -> Tagged.ok(u, u.etag()));
    }

    /** Honours {@code If-Match} against the user's ETag. */
    @DeleteMapping("/v1/users/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return team.remove(caller, id, ifMatch);
    }

    @Operation(summary = "Invite an address to the team; the link is answered once. 409 (naming email) for your own"
            + " address, a member, an address with an account in any team, or one already invited")
    @PostMapping("/v1/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<TeamService.Invitation> invite(@AuthenticationPrincipal TenantPrincipal caller,
                                        @RequestBody TeamService.InviteRequest body) {
        return team.invite(caller, body);
    }

    @GetMapping("/v1/invitations")
    Mono<Map<String, Object>> invitations(@AuthenticationPrincipal TenantPrincipal caller) {
        return team.invitations(caller).collectList().map(items -> Map.of("items", items));
    }

    /** Withdraws a pending invitation; its link stops working. */
    @Operation(summary = "Cancel a pending invitation: its link stops working; 409 once accepted")
    @DeleteMapping("/v1/invitations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> cancel(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return team.cancel(caller, id);
    }

    /** A new link (and a new week) for a pending or expired invitation; the previous link stops working. */
    @Operation(summary = "A new link and seven more days for an invitation not accepted yet; the old link stops working")
    @PostMapping("/v1/invitations/{id}/resend")
    Mono<TeamService.Invitation> resend(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return team.resend(caller, id);
    }

    /** Public: whoever holds the invitation link chooses a password and joins the tenant. */
    @PostMapping("/v1/invitations/{secret}/accept")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<TeamService.User> accept(@PathVariable String secret, @RequestBody TeamService.AcceptRequest body) {
        return team.accept(secret, body);
    }
}
