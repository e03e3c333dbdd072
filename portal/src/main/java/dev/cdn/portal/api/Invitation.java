package dev.cdn.portal.api;

import java.time.Instant;

/** An invitation to join the tenant; {@code link} and {@code token} are only present right after creation. */
public record Invitation(String id, String email, String role, Instant expiresAt, Instant acceptedAt, String link,
        String token) {

    @Override
    public String toString() {
        return "Invitation[id=" + id + ", email=" + email + ", role=" + role + "]";
    }
}
