package dev.cdn.api.purge;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The "content published" webhook's signature: {@code X-CDN-Signature: sha256=<hex>}, the HMAC-SHA256 (RFC 2104)
 * of {@code <X-CDN-Timestamp>.<body>} under the service's secret. The timestamp (Unix seconds) is signed so that a
 * captured request cannot be replayed after {@link #TOLERANCE}; the comparison is constant-time.
 */
final class WarmWebhookSignature {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final String PREFIX = "sha256=";

    /** How a presented signature was judged. */
    enum Verdict { VALID, MISSING, MALFORMED, STALE, MISMATCH }

    private WarmWebhookSignature() {
    }

    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    static Verdict verify(String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return Verdict.MISSING;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        if (!signature.startsWith(PREFIX)) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = sign(secret, timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII))
                ? Verdict.VALID : Verdict.MISMATCH;
    }
}
