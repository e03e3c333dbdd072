package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/** A token just created: the only time platform-api shows its secret {@code token}. */
public record CreatedToken(String id, String name, String token, List<String> scopes, List<String> services,
        Instant expiresAt) {

    @Override
    public String toString() {
        return "CreatedToken[id=" + id + ", name=" + name + ", token=***, scopes=" + scopes + "]";
    }
}
