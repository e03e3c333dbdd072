package dev.cdn.api.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Token views: {@link Created} is the only one that carries the secret, once. */
final class TokenView {

    private TokenView() {
    }

    record Token(UUID id, String name, String prefix, List<String> scopes, List<UUID> services, Instant expiresAt,
                 Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    }

    record Created(UUID id, String name, String token, List<String> scopes, List<UUID> services, Instant expiresAt) {
    }
}
