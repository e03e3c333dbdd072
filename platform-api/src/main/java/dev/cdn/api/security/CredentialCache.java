package dev.cdn.api.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolved tenant credentials (token, tenant, current role, scopes), kept for at most {@link #TTL}, so a flood of
 * requests with one token costs one database lookup a second instead of one per request; concurrent lookups of the
 * same token share one query. Every change to a credential or a role on this replica empties it at once; other
 * replicas see the change within {@link #TTL}.
 */
@Component
public class CredentialCache {

    static final Duration TTL = Duration.ofSeconds(1);

    private final AsyncCache<String, Authentication> resolved = Caffeine.newBuilder()
            .expireAfterWrite(TTL)
            .maximumSize(100_000)
            .buildAsync();

    /** The credential for a secret's hash, looked up with {@code lookup} when not known (failures are not kept). */
    Mono<Authentication> get(String hash, Function<String, Mono<Authentication>> lookup) {
        // suppressCancel: one caller going away must not cancel the lookup the others wait for.
        return Mono.fromFuture(resolved.get(hash, (key, executor) -> lookup.apply(key).toFuture()), true);
    }

    /** Called after a token is revoked, a session ends, a role changes or a user is removed or resets a password. */
    public void invalidateAll() {
        resolved.synchronous().invalidateAll();
    }
}
