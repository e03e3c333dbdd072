package dev.cdn.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One signed-URL key. The secret is shared with the customer's signer and with the edges, and nowhere else: the
 * API shows only the id and the fingerprint, which is derived from the secret so a customer can tell which secret
 * a key holds without the API ever sending it.
 *
 * @param id          names the key inside tokens ({@code kid=}); 1-32 letters, digits, '_' or '-'
 * @param secret      base64url (RFC 4648 section 5, padding optional) of 32 to 64 random bytes; null in a redacted
 *                    copy
 * @param fingerprint {@code sha256:} and the first 16 hex digits of SHA-256 over the secret's bytes; computed from
 *                    the secret whenever there is one
 */
public record SigningKey(String id, String secret, String fingerprint) {

    public static final int MIN_BYTES = 32;
    public static final int MAX_BYTES = 64;

    public SigningKey {
        if (secret != null) {
            byte[] bytes = bytes(secret);
            fingerprint = bytes == null ? null : fingerprint(bytes);
        }
    }

    public SigningKey(String id, String secret) {
        this(id, secret, null);
    }

    /** The secret's bytes, or null when it is not base64url. */
    public static byte[] bytes(String secret) {
        try {
            return Base64.getUrlDecoder().decode(secret.strip().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String fingerprint(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    SigningKey redacted() {
        return new SigningKey(id, null, fingerprint);
    }

    /** Never prints the secret (records would, and configs end up in logs and exceptions). */
    @Override
    public String toString() {
        return "SigningKey[id=" + id + ", fingerprint=" + fingerprint + "]";
    }
}
