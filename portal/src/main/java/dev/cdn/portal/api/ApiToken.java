package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/** An API token as listed (never with its secret): {@code prefix} lets the owner recognise it. */
public record ApiToken(String id, String name, String prefix, List<String> scopes, List<String> services,
        Instant expiresAt, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

    public ApiToken {
        scopes = ApiModels.list(scopes);
        services = ApiModels.list(services);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
