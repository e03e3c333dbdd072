package dev.cdn.api.account;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.CredentialCache;
import dev.cdn.api.security.Scope;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.api.security.TokenSecrets;
import dev.cdn.config.Names;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Tenants, their users and log-in sessions. Password hashing runs off the event loop (it is slow by design). */
@Service
class AccountService {

    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final int MIN_PASSWORD = 10;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PasswordEncoder encoder;
    /** Compared against when the email is unknown, so a log-in takes as long whether or not the account exists. */
    private final String dummyHash;

    private final AbuseLimits limits;
    private final CredentialCache credentials;

    AccountService(DatabaseClient db, TransactionalOperator tx, PasswordEncoder encoder, AbuseLimits limits,
                   CredentialCache credentials) {
        this.credentials = credentials;
        this.db = db;
        this.tx = tx;
        this.encoder = encoder;
        this.limits = limits;
        this.dummyHash = encoder.encode("not-a-real-password-" + UUID.randomUUID());
    }

    Mono<AccountView.Signup> signup(AccountRequests.Signup r, String client) {
        new Validation()
                .name(r.tenantName(), "tenantName", Names.DISPLAY_MAX)
                .email(r.email(), "email")
                .require(r.password() != null && r.password().length() >= MIN_PASSWORD, "password",
                        "must be at least " + MIN_PASSWORD + " characters")
                .require(r.password() == null || r.password().length() <= 128, "password", "must be at most 128 characters")
                .throwIfInvalid();
        limits.checkSignup(client);
        UUID tenantId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        String email = r.email().trim();
        return Mono.fromCallable(() -> encoder.encode(r.password()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(hash -> db.sql("INSERT INTO tenants (id, name) VALUES (:id, :name)")
                        .bind("id", tenantId).bind("name", r.tenantName().strip()).then()
                        .then(db.sql("""
                                        INSERT INTO users (id, tenant_id, email, password_hash, role)
                                        VALUES (:id, :tenant, :email, :hash, 'owner')""")
                                .bind("id", userId).bind("tenant", tenantId).bind("email", email).bind("hash", hash)
                                .then())
                        .as(tx::transactional))
                .onErrorMap(DataIntegrityViolationException.class, e -> ApiException.conflict(
                        "an account with this email already exists",
                        List.of(new FieldError("email", "an account with this email already exists"))))
                .thenReturn(new AccountView.Signup(new AccountView.Tenant(tenantId, r.tenantName().strip()),
                        new AccountView.User(userId, email, "owner")));
    }

    Mono<AccountView.Session> login(AccountRequests.Login r, String client) {
        new Validation().text(r.email(), "email", 254).text(r.password(), "password", 128).throwIfInvalid();
        limits.checkLogin(r.email(), client);
        return db.sql("""
                        SELECT u.id, u.email, u.password_hash, u.role, t.id AS tenant_id, t.name AS tenant_name
                        FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE lower(u.email) = :email""")
                .bind("email", r.email().trim().toLowerCase(Locale.ROOT))
                .map((row, meta) -> new StoredUser(row.get("id", UUID.class), row.get("email", String.class),
                        row.get("password_hash", String.class), row.get("role", String.class),
                        row.get("tenant_id", UUID.class), row.get("tenant_name", String.class)))
                .one()
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(user -> Mono.fromCallable(() ->
                                encoder.matches(r.password(), user.map(StoredUser::passwordHash).orElse(dummyHash))
                                        && user.isPresent())
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(ok -> {
                            if (ok) {
                                limits.loginSucceeded(r.email());
                                return issueSession(user.get());
                            }
                            limits.loginFailed(r.email(), client);
                            return Mono.error(ApiException.unauthorized("the email or password is wrong"));
                        }));
    }

    private Mono<AccountView.Session> issueSession(StoredUser user) {
        String secret = TokenSecrets.newSecret("s");
        Instant expires = Instant.now().plus(SESSION_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        String[] scopes = Scope.forRole(user.role()).stream().map(Scope::wireName).toArray(String[]::new);
        return db.sql("""
                        INSERT INTO api_tokens (id, tenant_id, user_id, kind, name, token_hash, token_prefix, scopes, expires_at)
                        VALUES (:id, :tenant, :user, 'session', 'session', :hash, :prefix, :scopes, :expires)""")
                .bind("id", UUID.randomUUID()).bind("tenant", user.tenantId()).bind("user", user.id())
                .bind("hash", TokenSecrets.hash(secret)).bind("prefix", TokenSecrets.prefix(secret))
                .bind("scopes", scopes).bind("expires", expires.atOffset(java.time.ZoneOffset.UTC))
                .then()
                .thenReturn(new AccountView.Session(secret, expires,
                        new AccountView.User(user.id(), user.email(), user.role()),
                        new AccountView.Tenant(user.tenantId(), user.tenantName())));
    }

    Mono<Void> revoke(TenantPrincipal principal) {
        return db.sql("UPDATE api_tokens SET revoked_at = now() WHERE id = :id AND tenant_id = :tenant")
                .bind("id", principal.tokenId()).bind("tenant", principal.tenantId()).then()
                .doOnSuccess(v -> credentials.invalidateAll());
    }

    Mono<Map<String, Object>> me(TenantPrincipal p) {
        return db.sql("SELECT name FROM tenants WHERE id = :id").bind("id", p.tenantId())
                .map((row, meta) -> row.get("name", String.class)).one()
                .map(tenantName -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("tenant", new AccountView.Tenant(p.tenantId(), tenantName));
                    out.put("userId", p.userId());
                    out.put("role", p.role());
                    out.put("tokenKind", p.tokenKind());
                    out.put("scopes", p.scopes().stream().map(Scope::wireName).sorted().toList());
                    return out;
                });
    }

    private record StoredUser(UUID id, String email, String passwordHash, String role, UUID tenantId, String tenantName) {
    }
}
