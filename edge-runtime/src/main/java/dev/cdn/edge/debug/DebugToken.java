package dev.cdn.edge.debug;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A service's debug token as a node checks it: the node holds only the token's SHA-256 (from its config) and compares
 * the digest of what a request presents in {@value #HEADER} in constant time ({@link MessageDigest#isEqual}), so
 * neither the stored value nor the comparison's timing tells anything about the token.
 */
public final class DebugToken {

    /** The request field that carries a debug token. Never forwarded upstream. */
    public static final String HEADER = "Cdn-Debug";

    private DebugToken() {
    }

    /** Whether {@code presented} is the token whose SHA-256 (lower-case hex) is {@code sha256Hex}. */
    public static boolean matches(String presented, String sha256Hex) {
        if (presented == null || sha256Hex == null || sha256Hex.length() != 64) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(sha256Hex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented.strip()), expected);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
