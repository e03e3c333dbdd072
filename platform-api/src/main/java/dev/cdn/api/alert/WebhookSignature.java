package dev.cdn.api.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: HMAC-SHA256 (RFC 2104 with SHA-256) keyed with the rule's secret over
 * {@code <timestamp>.<body>}, where the timestamp is the {@code X-CDN-Timestamp} header (Unix seconds) and the body
 * the exact bytes sent; sent as {@code X-CDN-Signature: v1=<lowercase hex>}. Signing the timestamp with the body
 * lets a receiver refuse replays of an old delivery (docs/observability.md#verifying-a-webhook).
 */
final class WebhookSignature {

    static final String TIMESTAMP_HEADER = "X-CDN-Timestamp";
    static final String SIGNATURE_HEADER = "X-CDN-Signature";

    private WebhookSignature() {
    }

    /** The header value for this secret, timestamp and body. */
    static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
