package dev.cdn.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fleet credential: the control plane's signed statement that a node belongs to the fleet, which a shield
 * checks on every request (docs/routing.md, "Fleet trust"). Text form {@code v1.<keyId>.<payload>.<signature>}:
 * {@code payload} is base64url (no padding) of JSON {@code {"node":..., "role":"edge"|"shield", "exp":<epoch
 * seconds>}}, {@code signature} is base64url of the Ed25519 signature over {@code v1.<keyId>.<payload>}.
 */
public record FleetCredential(String keyId, String node, String role, Instant expires) {

    /** Why a credential was not accepted. */
    public enum Refusal {
        MISSING, MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED,
        /** The checking node has not fetched the fleet's keys yet: its gap, not the credential's. */
        NOT_READY
    }

    /** The outcome of checking a credential: the credential, or why it was refused. */
    public record Check(FleetCredential credential, Refusal refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_LENGTH = 1024;

    /** Signs a credential. */
    public static String sign(String keyId, PrivateKey key, String node, String role, Instant expires) {
        String payload = b64(JSON.writeValueAsBytes(Map.of("node", node, "role", role, "exp", expires.getEpochSecond())));
        String signed = "v1." + keyId + "." + payload;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a fleet credential failed", e);
        }
    }

    /**
     * Checks a credential's form, key, signature and expiry. {@code keys} finds a published key by its id (null when
     * unknown).
     */
    public static Check check(String text, java.util.function.Function<String, PublicKey> keys, Instant now) {
        if (text == null || text.isEmpty()) {
            return new Check(null, Refusal.MISSING);
        }
        String[] parts = text.length() > MAX_LENGTH ? new String[0] : text.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("v1")) {
            return new Check(null, Refusal.MALFORMED);
        }
        PublicKey key = keys.apply(parts[1]);
        if (key == null) {
            return new Check(null, Refusal.UNKNOWN_KEY);
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1] + "." + parts[2]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(Base64.getUrlDecoder().decode(parts[3]))) {
                return new Check(null, Refusal.BAD_SIGNATURE);
            }
            Map<?, ?> payload = JSON.readValue(Base64.getUrlDecoder().decode(parts[2]), Map.class);
            if (!(payload.get("node") instanceof String node) || !(payload.get("role") instanceof String role)
                    || !(payload.get("exp") instanceof Number exp)) {
                return new Check(null, Refusal.MALFORMED);
            }
            FleetCredential c = new FleetCredential(parts[1], node, role, Instant.ofEpochSecond(exp.longValue()));
            return now.isBefore(c.expires()) ? new Check(c, null) : new Check(c, Refusal.EXPIRED);
        } catch (IllegalArgumentException | GeneralSecurityException | tools.jackson.core.JacksonException e) {
            return new Check(null, Refusal.MALFORMED);
        }
    }

    /** Reads a published public key (X.509, base64). */
    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
