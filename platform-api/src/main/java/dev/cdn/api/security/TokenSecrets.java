package dev.cdn.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Creates and hashes token secrets. Secrets carry 256 random bits, so a fast SHA-256 is the right hash here
 * (a slow password hash buys nothing against brute force of 2^256 and would slow every request).
 */
public final class TokenSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    /** A new secret such as {@code cdn_t_3q2...}; {@code kind} is {@code s} for sessions, {@code t} for API tokens. */
    public static String newSecret(String kind) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "cdn_" + kind + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The first characters of a secret, safe to show in token lists so people can tell tokens apart. */
    public static String prefix(String secret) {
        return secret.substring(0, Math.min(secret.length(), 12));
    }

    /**
     * The secret of an {@code Authorization: Bearer <secret>} header field (RFC 6750 section 2.1; the scheme is
     * case-insensitive), or null when the field is absent, empty or of another scheme.
     */
    public static String bearerSecret(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String secret = authorization.substring(7).trim();
        return secret.isEmpty() ? null : secret;
    }

    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
