package dev.cdn.portal.account;

import java.time.Instant;

import org.springframework.security.core.AuthenticatedPrincipal;

import dev.cdn.portal.api.ApiSession;

/**
 * The signed-in user as the portal keeps it in the server-side session, including the platform-api token
 * used on the user's behalf (it never leaves the server: not in a cookie, not in a page).
 */
public record PortalUser(String userId, String email, String role, String tenantId, String tenantName,
        String apiToken, Instant apiTokenExpiresAt) implements AuthenticatedPrincipal {

    static PortalUser from(ApiSession session) {
        return new PortalUser(session.user().id(), session.user().email(), session.user().role(),
                session.tenant().id(), session.tenant().name(), session.token(), session.expiresAt());
    }

    /** What the user's role allows, for pages to hide (and explain) what the API would refuse. */
    public Role permissions() {
        return Role.of(role);
    }

    /** The name Spring Security logs and compares: the email, never the token. */
    @Override
    public String getName() {
        return email;
    }

    /** Never prints the token: principals end up in logs and debug output. */
    @Override
    public String toString() {
        return "PortalUser[userId=" + userId + ", email=" + email + ", role=" + role + ", tenantId=" + tenantId
                + ", tenantName=" + tenantName + ", apiToken=***, apiTokenExpiresAt=" + apiTokenExpiresAt + "]";
    }
}
