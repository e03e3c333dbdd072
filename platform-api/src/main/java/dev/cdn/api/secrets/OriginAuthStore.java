package dev.cdn.api.secrets;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.cert.CertificateSettings;
import dev.cdn.api.cert.KeySealer;
import dev.cdn.api.domain.VerifiedPublisher;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.OriginAuth;
import dev.cdn.config.Violation;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A service's origin-authentication header and debug token: validated, stored sealed (or hashed), audited with a
 * fingerprint only, and pushed to the nodes in the same transaction (one config push carries a rotation to every
 * node).
 */
@Component
class OriginAuthStore {

    /** The request field that carries a debug token (docs/routing.md). */
    static final String DEBUG_HEADER = "Cdn-Debug";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final CertificateSettings settings;
    private final AuditLog audit;
    private final VerifiedPublisher publisher;
    private final Clock clock;

    OriginAuthStore(DatabaseClient db, TransactionalOperator tx, CertificateSettings settings, AuditLog audit,
                    VerifiedPublisher publisher, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.settings = settings;
        this.audit = audit;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** What a sealed value is bound to: a value copied to another service's row does not open. */
    static String binding(String serviceId) {
        return "origin-auth:" + serviceId;
    }

    Mono<SecretViews.OriginAuthView> view(TenantPrincipal caller, UUID serviceId) {
        return owned(caller, serviceId).then(current(serviceId))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("the origin-auth header of service " + serviceId)));
    }

    /** Sets or rotates the header; a generated value is returned in this answer only. */
    Mono<SecretViews.OriginAuthView> set(TenantPrincipal caller, UUID serviceId, SecretViews.OriginAuthRequest body) {
        return owned(caller, serviceId).then(Mono.defer(() -> {
            boolean generate = body != null && Boolean.TRUE.equals(body.generate());
            String header = body == null ? null : body.header();
            String value = generate ? generated() : body == null ? null : body.value();
            List<Violation> problems = OriginAuth.check(header, value, "");
            if (generate && body.value() != null) {
                problems = List.of(new Violation("value", "give a value or \"generate\": true, not both"));
            }
            if (!problems.isEmpty()) {
                return Mono.error(ApiException.invalid(problems.stream()
                        .map(v -> new dev.cdn.api.error.FieldError(v.field(), v.message())).toList()));
            }
            KeySealer sealer = settings.sealer().orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
                    "Secrets are off", "this platform has no cdn.certs.encryption-key: origin-authentication values"
                    + " cannot be stored", List.of()));
            OriginAuth auth = new OriginAuth(header, value);
            Instant now = clock.instant();
            byte[] sealed = sealer.seal(value.getBytes(StandardCharsets.US_ASCII), binding(serviceId.toString()));
            SecretViews.OriginAuthView stored = new SecretViews.OriginAuthView(header, auth.fingerprint(),
                    auth.lastFour(), now, null);
            return current(serviceId).map(before -> (Object) before).defaultIfEmpty(Map.of())
                    .flatMap(before -> db.sql("""
                                    INSERT INTO service_secrets (service_id, tenant_id, origin_auth_header,
                                        origin_auth_sealed, origin_auth_fingerprint, origin_auth_last4, origin_auth_set_at)
                                    VALUES (:id, :tenant, :header, :sealed, :fp, :last4, :at)
                                    ON CONFLICT (service_id) DO UPDATE SET origin_auth_header = EXCLUDED.origin_auth_header,
                                        origin_auth_sealed = EXCLUDED.origin_auth_sealed,
                                        origin_auth_fingerprint = EXCLUDED.origin_auth_fingerprint,
                                        origin_auth_last4 = EXCLUDED.origin_auth_last4,
                                        origin_auth_set_at = EXCLUDED.origin_auth_set_at""")
                            .bind("id", serviceId).bind("tenant", caller.tenantId()).bind("header", header)
                            .bind("sealed", java.nio.ByteBuffer.wrap(sealed)).bind("fp", auth.fingerprint()).bind("last4", auth.lastFour())
                            .bind("at", now).then()
                            .then(audit.record(caller, before instanceof Map ? "origin-auth.set" : "origin-auth.rotated",
                                    "service", serviceId.toString(), before instanceof Map ? null : before, stored))
                            .then(publisher.republish(serviceId)))
                    .as(tx::transactional)
                    .thenReturn(generate ? new SecretViews.OriginAuthView(header, auth.fingerprint(), auth.lastFour(),
                            now, value) : stored);
        }));
    }

    Mono<Void> remove(TenantPrincipal caller, UUID serviceId) {
        return owned(caller, serviceId).then(current(serviceId))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("the origin-auth header of service " + serviceId)))
                .flatMap(before -> db.sql("""
                                UPDATE service_secrets SET origin_auth_header = NULL, origin_auth_sealed = NULL,
                                    origin_auth_fingerprint = NULL, origin_auth_last4 = NULL, origin_auth_set_at = NULL
                                WHERE service_id = :id""").bind("id", serviceId).then()
                        .then(audit.record(caller, "origin-auth.removed", "service", serviceId.toString(), before, null))
                        .then(publisher.republish(serviceId))
                        .as(tx::transactional));
    }

    /** Makes a new debug token (the previous one stops working with the same config push); shown once. */
    Mono<SecretViews.DebugTokenView> newDebugToken(TenantPrincipal caller, UUID serviceId) {
        return owned(caller, serviceId).then(Mono.defer(() -> {
            String token = "cdbg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
            Instant now = clock.instant();
            return db.sql("""
                            INSERT INTO service_secrets (service_id, tenant_id, debug_token_sha256, debug_token_set_at)
                            VALUES (:id, :tenant, :hash, :at)
                            ON CONFLICT (service_id) DO UPDATE SET debug_token_sha256 = EXCLUDED.debug_token_sha256,
                                debug_token_set_at = EXCLUDED.debug_token_set_at""")
                    .bind("id", serviceId).bind("tenant", caller.tenantId()).bind("hash", OriginAuth.sha256Hex(token))
                    .bind("at", now).then()
                    .then(audit.record(caller, "debug-token.created", "service", serviceId.toString(), null,
                            Map.of("setAt", now.toString())))
                    .then(publisher.republish(serviceId))
                    .as(tx::transactional)
                    .thenReturn(new SecretViews.DebugTokenView(token, DEBUG_HEADER, now));
        }));
    }

    Mono<Void> removeDebugToken(TenantPrincipal caller, UUID serviceId) {
        return owned(caller, serviceId).then(db.sql("""
                        UPDATE service_secrets SET debug_token_sha256 = NULL, debug_token_set_at = NULL
                        WHERE service_id = :id AND debug_token_sha256 IS NOT NULL""")
                .bind("id", serviceId).fetch().rowsUpdated())
                .flatMap(n -> n == 0 ? Mono.error(ApiException.notFound("the debug token of service " + serviceId))
                        : audit.record(caller, "debug-token.removed", "service", serviceId.toString(), null, null)
                                .then(publisher.republish(serviceId)))
                .as(tx::transactional);
    }

    private Mono<SecretViews.OriginAuthView> current(UUID serviceId) {
        return db.sql("""
                        SELECT origin_auth_header, origin_auth_fingerprint, origin_auth_last4, origin_auth_set_at
                        FROM service_secrets WHERE service_id = :id AND origin_auth_header IS NOT NULL""")
                .bind("id", serviceId)
                .map((row, meta) -> new SecretViews.OriginAuthView(row.get("origin_auth_header", String.class),
                        row.get("origin_auth_fingerprint", String.class), row.get("origin_auth_last4", String.class),
                        row.get("origin_auth_set_at", Instant.class), null))
                .one();
    }

    private Mono<Void> owned(TenantPrincipal caller, UUID serviceId) {
        return Mono.fromRunnable(() -> caller.requireService(serviceId))
                .then(db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                        .bind("id", serviceId).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                .then();
    }

    private static String generated() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
