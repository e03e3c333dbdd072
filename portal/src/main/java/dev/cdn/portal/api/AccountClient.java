package dev.cdn.portal.api;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's account calls: sign-up, log-in and log-out, password reset and accepting an invitation. */
@Component
public class AccountClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    AccountClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** {@code POST /v1/signup}: creates a tenant and its owner; 400 and 409 come back as {@link ApiProblemException}. */
    public Mono<SignupResult> signUp(SignupRequest request) {
        return api.send("POST /v1/signup", http.post().uri("/v1/signup")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request), SignupResult.class);
    }

    /** {@code POST /v1/sessions}: exchanges credentials for a token; bad credentials are {@link ApiUnauthorizedException}. */
    public Mono<ApiSession> createSession(String email, String password) {
        return createSession(email, password, null);
    }

    /**
     * {@code POST /v1/sessions} on behalf of a browser at {@code clientAddress}, passed on in
     * {@code X-Forwarded-For} so that platform-api's per-address log-in limits count the browser, not the portal
     * (platform-api believes it when the portal is in its {@code cdn.api.trusted-proxies}).
     */
    public Mono<ApiSession> createSession(String email, String password, String clientAddress) {
        return api.send("POST /v1/sessions", http.post().uri("/v1/sessions")
                .headers(h -> {
                    if (clientAddress != null) {
                        h.set("X-Forwarded-For", clientAddress);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new SessionRequest(email, password)), ApiSession.class);
    }

    /** {@code DELETE /v1/sessions/current}: revokes the token so it is useless even if it leaked. */
    public Mono<Void> deleteSession(String token) {
        return api.send("DELETE /v1/sessions/current", http.delete().uri("/v1/sessions/current")
                .headers(h -> h.setBearerAuth(token)));
    }

    /**
     * {@code POST /v1/password-resets}: asks for a reset link. The API answers 202 whether or not the address has
     * an account (it only refuses a malformed address, 400); the link goes to its log, as there is no mail server.
     */
    public Mono<Void> requestPasswordReset(String email) {
        return api.send("POST /v1/password-resets",
                http.post().uri("/v1/password-resets").bodyValue(Map.of("email", email)));
    }

    /**
     * {@code POST /v1/password-resets/{token}}: sets a new password (204) and revokes every session of the user;
     * a refused password is a 400, an unknown, used or expired link a 404 {@link ApiProblemException}.
     */
    public Mono<Void> resetPassword(String resetToken, String password) {
        return api.send("POST /v1/password-resets/{token}",
                http.post().uri("/v1/password-resets/{token}", resetToken).bodyValue(new PasswordRequest(password)));
    }

    /**
     * {@code POST /v1/invitations/{token}/accept}: creates the invitee's account with {@code password} (201, the
     * new user); a refused password is a 400, an unknown, used or expired link a 404, an address that already
     * has an account a 409 {@link ApiProblemException}.
     */
    public Mono<TeamMember> acceptInvitation(String invitationToken, String password) {
        return api.send("POST /v1/invitations/{token}/accept", http.post()
                .uri("/v1/invitations/{token}/accept", invitationToken)
                .bodyValue(new PasswordRequest(password)), TeamMember.class);
    }
}
