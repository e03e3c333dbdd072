package dev.cdn.api.purge;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.security.TenantPrincipal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Content published" as a signed webhook, for publishing systems that cannot hold an API token: the body is the
 * same as {@code POST /v1/services/{id}/content-published}, signed with the service's webhook secret (see
 * {@link WarmWebhookSignature}). Every refusal of the signature is the same 401, whether the service exists, has a
 * secret, or the signature is wrong, so the route reveals nothing about services.
 */
@RestController
class WarmWebhookController {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bodies of the webhook: a thousand URLs fit easily. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final DatabaseClient db;
    private final WarmService warms;
    private final dev.cdn.api.audit.AuditLog audit;
    private final Clock clock;

    WarmWebhookController(DatabaseClient db, WarmService warms, dev.cdn.api.audit.AuditLog audit, Clock clock) {
        this.db = db;
        this.warms = warms;
        this.audit = audit;
        this.clock = clock;
    }

    record Secret(UUID serviceId, String secret, String header, String signature) {
    }

    /** Creates or replaces the service's webhook secret; it is shown once, in this answer. */
    @PostMapping("/v1/services/{id}/content-published/secret")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Secret> rotate(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        caller.requireService(id);
        String secret = "whsec_" + HexFormat.of().formatHex(bytes(32));
        return db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                .bind("id", id).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + id)))
                .then(db.sql("""
                                INSERT INTO content_webhook_secrets (service_id, tenant_id, secret, created_by)
                                VALUES (:id, :tenant, :secret, :by)
                                ON CONFLICT (service_id) DO UPDATE SET secret = EXCLUDED.secret,
                                    created_by = EXCLUDED.created_by, created_at = now()""")
                        .bind("id", id).bind("tenant", caller.tenantId()).bind("secret", secret)
                        .bind("by", caller.actor()).then())
                .then(audit.record(caller, "warm.webhook-secret", "service", id.toString(), null, Map.of("rotated", true)))
                .thenReturn(new Secret(id, secret, "X-CDN-Signature",
                        "sha256=hex(HMAC-SHA256(secret, X-CDN-Timestamp + \".\" + body))"));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @PostMapping("/v1/hooks/services/{id}/content-published")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<WarmService.WarmView> hook(@PathVariable UUID id,
                                    @RequestHeader(name = "X-CDN-Timestamp", required = false) String timestamp,
                                    @RequestHeader(name = "X-CDN-Signature", required = false) String signature,
                                    @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY_BYTES) {
            return Mono.error(ApiException.invalid("body", "must be at most " + MAX_BODY_BYTES / 1024 + " KiB"));
        }
        return db.sql("SELECT tenant_id, secret FROM content_webhook_secrets WHERE service_id = :id")
                .bind("id", id)
                .map((row, meta) -> new Object[] {row.get("tenant_id", UUID.class), row.get("secret", String.class)})
                .one()
                .filter(s -> WarmWebhookSignature.verify((String) s[1], timestamp, signature, raw, clock.instant())
                        == WarmWebhookSignature.Verdict.VALID)
                .switchIfEmpty(Mono.error(() -> ApiException.unauthorized(
                        "the X-CDN-Signature of this request is missing, stale or wrong for this service")))
                .flatMap(s -> {
                    WarmService.PublishRequest request;
                    try {
                        request = STRICT.readValue(raw, WarmService.PublishRequest.class);
                    } catch (JacksonException e) {
                        return Mono.error(ApiException.invalid("body", "is not a content-published body: "
                                + e.getOriginalMessage()));
                    }
                    if (request == null) {
                        return Mono.error(ApiException.invalid("body", "is required"));
                    }
                    TenantPrincipal webhook = new TenantPrincipal((UUID) s[0], null, id, "webhook", "webhook",
                            Set.of(), Set.of(id), null);
                    return warms.publish(webhook, id, request, "webhook");
                });
    }
}
