package dev.cdn.api.security;

import dev.cdn.api.error.ApiException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling on behalf of a tenant: a user's session or an API token, with the scopes and services it is
 * limited to. Every tenant-owned query takes {@link #tenantId()} from here, never from the request.
 *
 * @param userId     the user behind a session token or who created an API token; null for orphaned tokens
 * @param serviceIds services the token is limited to; empty means every service of the tenant
 * @param expiresAt  when the credential stops working; null when it does not expire
 */
public record TenantPrincipal(UUID tenantId, UUID userId, UUID tokenId, String tokenKind, String role,
                              Set<Scope> scopes, Set<UUID> serviceIds, Instant expiresAt) {

    public TenantPrincipal {
        scopes = Set.copyOf(scopes);
        serviceIds = Set.copyOf(serviceIds);
    }

    /** Throws 403 unless the token has the scope. */
    public void require(Scope scope) {
        if (!scopes.contains(scope)) {
            throw ApiException.forbidden("this token lacks the '" + scope.wireName() + "' scope");
        }
    }

    /** Throws 404 (not 403: no existence leak) when the token is limited to other services. */
    public void requireService(UUID serviceId) {
        if (!serviceIds.isEmpty() && !serviceIds.contains(serviceId)) {
            throw ApiException.notFound("service " + serviceId);
        }
    }

    /** A human-readable actor for audit and purge records, e.g. {@code token:1f2e...}. */
    public String actor() {
        if (tokenKind.equals("webhook")) {
            return "webhook:" + tokenId; // a signed webhook call: tokenId is the service whose secret signed it
        }
        return tokenKind.equals("session") && userId != null ? "user:" + userId : "token:" + tokenId;
    }
}
