package dev.cdn.portal.api;

import java.time.Instant;

/**
 * An API session: the bearer token platform-api issued, when it expires, and whom it belongs to.
 */
public record ApiSession(String token, Instant expiresAt, ApiUser user, Tenant tenant) {

    /** Never prints the token: it is a credential. */
    @Override
    public String toString() {
        return "ApiSession[token=***, expiresAt=" + expiresAt + ", user=" + user + ", tenant=" + tenant + "]";
    }
}
