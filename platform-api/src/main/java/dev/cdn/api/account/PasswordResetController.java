package dev.cdn.api.account;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.CredentialCache;
import dev.cdn.api.security.TokenSecrets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Password reset. There is no mail server: the reset link is written to the server log, where an operator (or,
 * locally, the developer) picks it up. The request answers the same whether or not the address has an account,
 * so it cannot be used to find out who is registered. Setting a new password revokes every session of the user.
 * Requests are limited per client address and per target account, so the endpoint cannot flood a mailbox or log.
 */
@RestController
class PasswordResetController {

    static final Duration LIFETIME = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(PasswordResetController.class);

    record ResetRequest(String email) {
    }

    record NewPassword(String password) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PasswordEncoder encoder;
    private final String linkBase;
    private final AbuseLimits limits;
    private final CredentialCache credentials;

    PasswordResetController(DatabaseClient db, TransactionalOperator tx, PasswordEncoder encoder,
                            @Value("${cdn.portal.base-url:http://127.0.0.1:8081}") String linkBase, AbuseLimits limits,
                            CredentialCache credentials) {
        this.limits = limits;
        this.credentials = credentials;
        this.db = db;
        this.tx = tx;
        this.encoder = encoder;
        this.linkBase = linkBase;
    }

    @PostMapping("/v1/password-resets")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Map<String, String>> request(@RequestBody ResetRequest body, ServerHttpRequest http) {
        new Validation().email(body.email(), "email").throwIfInvalid();
        limits.checkPasswordReset(body.email(), limits.client(http));
        Map<String, String> answer = Map.of("detail",
                "if an account exists for this address, a reset link has been issued (see the server log)");
        return db.sql("SELECT id FROM users WHERE lower(email) = :email")
                .bind("email", body.email().trim().toLowerCase(Locale.ROOT))
                .map((row, meta) -> row.get("id", UUID.class)).one()
                .flatMap(userId -> {
                    String secret = TokenSecrets.newSecret("r");
                    return db.sql("""
                                    INSERT INTO password_resets (id, user_id, token_hash, expires_at)
                                    VALUES (:id, :user, :hash, :expires)""")
                            .bind("id", UUID.randomUUID()).bind("user", userId).bind("hash", TokenSecrets.hash(secret))
                            .bind("expires", Instant.now().plus(LIFETIME).atOffset(ZoneOffset.UTC)).then()
                            .doOnSuccess(v -> log.info("password reset link for {}: {}/password-reset/{}",
                                    body.email().trim(), linkBase, secret));
                })
                .thenReturn(answer);
    }

    @PostMapping("/v1/password-resets/{secret}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> reset(@PathVariable String secret, @RequestBody NewPassword body) {
        new Validation().require(body.password() != null && body.password().length() >= 10
                && body.password().length() <= 128, "password", "must be 10-128 characters").throwIfInvalid();
        return db.sql("""
                        SELECT id, user_id FROM password_resets
                        WHERE token_hash = :hash AND used_at IS NULL AND expires_at > now() FOR UPDATE""")
                .bind("hash", TokenSecrets.hash(secret))
                .map((row, meta) -> new UUID[] {row.get("id", UUID.class), row.get("user_id", UUID.class)})
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("reset link (it may have expired or been used)")))
                .flatMap(ids -> Mono.fromCallable(() -> encoder.encode(body.password()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(hash -> db.sql("UPDATE users SET password_hash = :hash WHERE id = :id")
                                .bind("hash", hash).bind("id", ids[1]).then())
                        .then(db.sql("UPDATE password_resets SET used_at = now() WHERE id = :id").bind("id", ids[0]).then())
                        .then(db.sql("""
                                        UPDATE api_tokens SET revoked_at = now()
                                        WHERE user_id = :user AND kind = 'session' AND revoked_at IS NULL""")
                                .bind("user", ids[1]).then()))
                .as(tx::transactional)
                .doOnSuccess(v -> credentials.invalidateAll());
    }
}
