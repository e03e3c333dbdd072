package dev.cdn.api.security;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolves a bearer secret to a principal: the edge token gives an {@link EdgePrincipal}; a live (not revoked,
 * not expired) session or API token gives a {@link TenantPrincipal}. Lookup is by SHA-256 of the secret.
 */
@Component
class BearerAuthenticationManager implements ReactiveAuthenticationManager {

    private final DatabaseClient db;
    private final EdgeTokenProperties edge;
    private final OperatorProperties operator;
    private final CredentialCache credentials;
    private final LastUseRecorder lastUse;

    BearerAuthenticationManager(DatabaseClient db, EdgeTokenProperties edge, OperatorProperties operator,
                                CredentialCache credentials, LastUseRecorder lastUse) {
        this.lastUse = lastUse;
        this.db = db;
        this.edge = edge;
        this.operator = operator;
        this.credentials = credentials;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        BearerToken bearer = (BearerToken) authentication;
        String secret = bearer.secret();
        if (edge.token() != null && !edge.token().isBlank() && TokenSecrets.constantTimeEquals(secret, edge.token())) {
            String nodeId = bearer.edgeId() == null || bearer.edgeId().isBlank() ? "unnamed" : bearer.edgeId();
            return Mono.just(new ApiAuthentication(new EdgePrincipal(nodeId), "EDGE"));
        }
        if (operator.token() != null && !operator.token().isBlank()
                && TokenSecrets.constantTimeEquals(secret, operator.token())) {
            return Mono.just(new ApiAuthentication(new OperatorPrincipal("operator"), "OPERATOR"));
        }
        if (secret.startsWith("cdn_e_")) {
            String nodeId = bearer.edgeId() == null || bearer.edgeId().isBlank() ? "unnamed" : bearer.edgeId();
            return db.sql("SELECT id FROM edge_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                    .bind("hash", TokenSecrets.hash(secret))
                    .map((row, meta) -> (Authentication) new ApiAuthentication(new EdgePrincipal(nodeId), "EDGE"))
                    .one()
                    .switchIfEmpty(Mono.error(() -> new BadCredentialsException("the edge token is unknown or revoked")));
        }
        return credentials.get(TokenSecrets.hash(secret), this::tenant)
                .flatMap(auth -> auth.getPrincipal() instanceof TenantPrincipal tenant
                        ? lastUse.used(tenant).thenReturn(auth) : Mono.just(auth));
    }

    /** Looks a tenant token up by its hash, with its user's role as stored now. */
    private Mono<Authentication> tenant(String hash) {
        return db.sql("""
                        SELECT t.id, t.tenant_id, t.user_id, t.kind, t.scopes, t.service_ids, t.expires_at,
                               coalesce(u.role, 'member') AS role
                        FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id
                        WHERE t.token_hash = :hash AND t.revoked_at IS NULL
                          AND (t.expires_at IS NULL OR t.expires_at > now())""")
                .bind("hash", hash)
                .map((row, meta) -> {
                    String role = row.get("role", String.class);
                    String kind = row.get("kind", String.class);
                    Set<Scope> scopes = effectiveScopes(kind, row.get("scopes", String[].class), role);
                    UUID[] services = row.get("service_ids", UUID[].class);
                    OffsetDateTime expiresAt = row.get("expires_at", OffsetDateTime.class);
                    return (Authentication) new ApiAuthentication(new TenantPrincipal(
                            row.get("tenant_id", UUID.class), row.get("user_id", UUID.class), row.get("id", UUID.class),
                            kind, role, scopes, services == null ? Set.of() : new HashSet<>(Arrays.asList(services)),
                            expiresAt == null ? null : expiresAt.toInstant()), "TENANT");
                })
                .one()
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("the token is unknown, revoked or expired")));
    }

    /**
     * What a credential may do on this request: a session carries exactly its user's current role; an API token
     * carries the scopes it was given, narrowed by the current role of the user who made it. The role is read with
     * the token (kept at most a second by {@link CredentialCache}, which every role change empties), so demoting a
     * user cuts their tokens on the next request.
     */
    static Set<Scope> effectiveScopes(String kind, String[] granted, String role) {
        Set<Scope> allowed = Role.of(role).scopes();
        if ("session".equals(kind)) {
            return allowed;
        }
        Set<Scope> scopes = new HashSet<>();
        for (String s : granted) {
            Scope.fromWire(s).filter(allowed::contains).ifPresent(scopes::add);
        }
        return scopes;
    }
}
