package dev.cdn.api.token;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.CredentialCache;
import dev.cdn.api.security.Scope;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.api.security.TokenSecrets;
import dev.cdn.config.Names;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Creates, lists and revokes a tenant's API tokens. */
@Service
class TokenService {

    /** Body of {@code POST /v1/tokens}; {@code services} empty or absent means every service. */
    record CreateRequest(String name, List<String> scopes, List<UUID> services, Instant expiresAt) {
    }

    private final DatabaseClient db;
    private final AuditLog audit;
    private final CredentialCache credentials;

    TokenService(DatabaseClient db, AuditLog audit, CredentialCache credentials) {
        this.db = db;
        this.audit = audit;
        this.credentials = credentials;
    }

    Mono<TokenView.Created> create(TenantPrincipal caller, CreateRequest r) {
        Validation v = new Validation().name(r.name(), "name", Names.DISPLAY_MAX).instant(r.expiresAt(), "expiresAt");
        Set<Scope> scopes = new LinkedHashSet<>();
        if (r.scopes() == null || r.scopes().isEmpty()) {
            v.add("scopes", "at least one scope is required (config:read, config:write, purge, purge:all,"
                    + " analytics:read, tokens, team)");
        } else {
            for (int i = 0; i < r.scopes().size(); i++) {
                String s = r.scopes().get(i);
                var scope = Scope.fromWire(s);
                if (scope.isEmpty()) {
                    v.add("scopes[" + i + "]", "unknown scope '" + s + "'");
                } else if (!caller.scopes().contains(scope.get())) {
                    v.add("scopes[" + i + "]", "you cannot grant '" + s + "': your own credential lacks it");
                } else {
                    scopes.add(scope.get());
                }
            }
        }
        if (r.expiresAt() != null && !r.expiresAt().isAfter(Instant.now())) {
            v.add("expiresAt", "must be in the future");
        }
        Instant expiresAt = expiryWithin(caller, r.expiresAt());
        List<UUID> services = r.services() == null ? List.of() : List.copyOf(new LinkedHashSet<>(r.services()));
        if (!caller.serviceIds().isEmpty() && (services.isEmpty() || !caller.serviceIds().containsAll(services))) {
            v.add("services", "a token limited to some services can only create tokens for those services");
        }
        v.throwIfInvalid();
        return checkServicesOwned(caller, services).then(Mono.defer(() -> {
            String secret = TokenSecrets.newSecret("t");
            UUID id = UUID.randomUUID();
            String[] scopeNames = scopes.stream().map(Scope::wireName).toArray(String[]::new);
            var spec = db.sql("""
                            INSERT INTO api_tokens (id, tenant_id, user_id, kind, name, token_hash, token_prefix, scopes,
                                                    service_ids, expires_at)
                            VALUES (:id, :tenant, :user, 'api', :name, :hash, :prefix, :scopes, :services, :expires)""")
                    .bind("id", id).bind("tenant", caller.tenantId()).bind("name", r.name().strip())
                    .bind("hash", TokenSecrets.hash(secret)).bind("prefix", TokenSecrets.prefix(secret))
                    .bind("scopes", scopeNames);
            spec = caller.userId() == null ? spec.bindNull("user", UUID.class) : spec.bind("user", caller.userId());
            spec = services.isEmpty() ? spec.bindNull("services", UUID[].class)
                    : spec.bind("services", services.toArray(UUID[]::new));
            spec = expiresAt == null ? spec.bindNull("expires", OffsetDateTime.class)
                    : spec.bind("expires", expiresAt.atOffset(ZoneOffset.UTC));
            var record = audit.record(caller, "token.create", "token", id.toString(), null,
                    java.util.Map.of("name", r.name().strip(), "scopes", Arrays.asList(scopeNames), "services", services));
            return spec.then().then(record).thenReturn(new TokenView.Created(id, r.name().strip(), secret,
                    Arrays.asList(scopeNames), services, expiresAt));
        }));
    }

    /**
     * The expiry of a token an API token makes: no later than its own, so a short-lived token cannot mint itself a
     * longer life (a token asking for none, or a later one, gets the caller's). A session makes tokens as asked:
     * they are the user's own, and outliving a 12-hour login is what API tokens are for.
     */
    private static Instant expiryWithin(TenantPrincipal caller, Instant requested) {
        if (!"api".equals(caller.tokenKind()) || caller.expiresAt() == null) {
            return requested;
        }
        return requested == null || requested.isAfter(caller.expiresAt()) ? caller.expiresAt() : requested;
    }

    private Mono<Void> checkServicesOwned(TenantPrincipal caller, List<UUID> services) {
        if (services.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("SELECT id FROM services WHERE tenant_id = :tenant AND id = ANY(:ids) AND deleted_at IS NULL")
                .bind("tenant", caller.tenantId()).bind("ids", services.toArray(UUID[]::new))
                .map((row, meta) -> row.get("id", UUID.class)).all().collectList()
                .flatMap(found -> {
                    List<String> missing = new ArrayList<>();
                    for (int i = 0; i < services.size(); i++) {
                        if (!found.contains(services.get(i))) {
                            missing.add("services[" + i + "]");
                        }
                    }
                    return missing.isEmpty() ? Mono.empty()
                            : Mono.error(ApiException.invalid(missing.get(0), "no such service"));
                });
    }

    /**
     * The tenant's API tokens; for a caller limited to services, only those within its services
     * ({@link #withinCallersServices}).
     */
    Flux<TokenView.Token> list(TenantPrincipal caller) {
        return bindCallersServices(caller, db.sql("""
                        SELECT id, name, token_prefix, scopes, service_ids, expires_at, created_at, last_used_at, revoked_at
                        FROM api_tokens WHERE tenant_id = :tenant AND kind = 'api'""" + withinCallersServices(caller)
                        + " ORDER BY created_at"))
                .bind("tenant", caller.tenantId())
                .map((row, meta) -> {
                    UUID[] services = row.get("service_ids", UUID[].class);
                    return new TokenView.Token(row.get("id", UUID.class), row.get("name", String.class),
                            row.get("token_prefix", String.class), Arrays.asList(row.get("scopes", String[].class)),
                            services == null ? List.of() : Arrays.asList(services),
                            instant(row.get("expires_at", OffsetDateTime.class)),
                            instant(row.get("created_at", OffsetDateTime.class)),
                            instant(row.get("last_used_at", OffsetDateTime.class)),
                            instant(row.get("revoked_at", OffsetDateTime.class)));
                })
                .all();
    }

    /** Revokes a tenant's API token; 404 for one the caller cannot see ({@link #withinCallersServices}). */
    Mono<Void> revoke(TenantPrincipal caller, UUID id) {
        return bindCallersServices(caller, db.sql("""
                        UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())
                        WHERE id = :id AND tenant_id = :tenant AND kind = 'api'""" + withinCallersServices(caller)))
                .bind("id", id).bind("tenant", caller.tenantId())
                .fetch().rowsUpdated()
                .flatMap(n -> n == 0 ? Mono.<Void>error(ApiException.notFound("token " + id))
                        : audit.record(caller, "token.revoke", "token", id.toString(), null, null))
                .doOnSuccess(v -> credentials.invalidateAll());
    }

    /**
     * The condition (for a query on {@code api_tokens}) that keeps the tokens a caller limited to services may see
     * and revoke: those limited to some of its own services. A token for every service, or for any service beyond the
     * caller's, reaches further than the caller, so it is out of sight (404, no existence leak) as such a service is.
     * Empty for a caller with every service.
     */
    private static String withinCallersServices(TenantPrincipal caller) {
        return caller.serviceIds().isEmpty() ? "" : " AND service_ids IS NOT NULL AND service_ids <@ :callerServices";
    }

    /** Binds what {@link #withinCallersServices} asks for. */
    private static DatabaseClient.GenericExecuteSpec bindCallersServices(TenantPrincipal caller,
                                                                         DatabaseClient.GenericExecuteSpec spec) {
        return caller.serviceIds().isEmpty() ? spec
                : spec.bind("callerServices", caller.serviceIds().toArray(UUID[]::new));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
