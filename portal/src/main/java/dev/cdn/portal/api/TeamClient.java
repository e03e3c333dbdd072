package dev.cdn.portal.api;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's calls on the tenant's team: members and their roles, and the invitations still open. */
@Component
public class TeamClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    TeamClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    public Mono<List<TeamMember>> listUsers(String token) {
        return api.call("GET /v1/users", token, http.get().uri("/v1/users"),
                new ParameterizedTypeReference<Items<TeamMember>>() { }).map(Items::items);
    }

    public Mono<TeamMember> changeRole(String token, String userId, String role) {
        return api.call("PATCH /v1/users/{id}", token,
                http.patch().uri("/v1/users/{id}", userId).bodyValue(Map.of("role", role)), TeamMember.class);
    }

    public Mono<Void> removeUser(String token, String userId) {
        return api.call("DELETE /v1/users/{id}", token, http.delete().uri("/v1/users/{id}", userId));
    }

    public Mono<List<Invitation>> listInvitations(String token) {
        return api.call("GET /v1/invitations", token, http.get().uri("/v1/invitations"),
                new ParameterizedTypeReference<Items<Invitation>>() { }).map(Items::items);
    }

    public Mono<Invitation> invite(String token, String email, String role) {
        return api.call("POST /v1/invitations", token,
                http.post().uri("/v1/invitations").bodyValue(Map.of("email", email, "role", role)), Invitation.class);
    }

    /** {@code POST /v1/invitations/{id}/resend}: a new link (answered once) and a new week; the old link dies. */
    public Mono<Invitation> resendInvitation(String token, String invitationId) {
        return api.call("POST /v1/invitations/{id}/resend", token,
                http.post().uri("/v1/invitations/{id}/resend", invitationId), Invitation.class);
    }

    /** {@code DELETE /v1/invitations/{id}}: the link stops working. */
    public Mono<Void> cancelInvitation(String token, String invitationId) {
        return api.call("DELETE /v1/invitations/{id}", token, http.delete().uri("/v1/invitations/{id}", invitationId));
    }
}
