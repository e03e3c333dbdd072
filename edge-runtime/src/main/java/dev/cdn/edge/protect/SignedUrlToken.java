package dev.cdn.edge.protect;

import dev.cdn.config.IpLiterals;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The signed-URL token format (docs/edge-logic.md, "Signed URLs and tokens"), parsed and signed as pure functions.
 *
 * <pre>
 * token   = "exp=" expires "~kid=" key-id [ "~ip=" address ] [ "~path=" prefix ] "~hmac=" signature
 * message = everything before "~hmac="            when the token has a path prefix
 *         = the same, then "~url=" request-path   otherwise (the token is good for that one path)
 * signature = base64url, no padding (RFC 4648 section 5), of HMAC-SHA256(key bytes, message) (RFC 2104)
 * </pre>
 * The fields come in that order and each at most once, so one token has exactly one message: nothing can be added
 * to a signed token without changing what was signed.
 *
 * @param expires   Unix time in seconds; the token is refused once the edge's clock reaches it
 * @param keyId     the id of the service key that signed it
 * @param address   the client address the token is bound to, or null
 * @param prefix    the path prefix the token is good for, or null for exactly the signed path
 * @param signature the decoded HMAC (32 bytes)
 * @param signed    the token's text before {@code ~hmac=}
 */
public record SignedUrlToken(long expires, String keyId, String address, String prefix, byte[] signature,
                             String signed) {

    /** Longer tokens are refused unread: nothing legitimate comes close. */
    static final int MAX_LENGTH = 2048;
    private static final int MAC_BYTES = 32;
    private static final Pattern EXPIRES = Pattern.compile("[0-9]{1,12}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** Parses a token; empty when it does not follow the grammar. */
    public static Optional<SignedUrlToken> parse(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int hmac = token.lastIndexOf("~hmac=");
        if (hmac < 0) {
            return Optional.empty();
        }
        String signed = token.substring(0, hmac);
        byte[] signature = decode(token.substring(hmac + 6));
        if (signature == null || signature.length != MAC_BYTES) {
            return Optional.empty();
        }
        String[] fields = signed.split("~", -1);
        if (fields.length < 2 || fields.length > 4) {
            return Optional.empty();
        }
        String exp = value(fields[0], "exp");
        String kid = value(fields[1], "kid");
        if (exp == null || kid == null || !EXPIRES.matcher(exp).matches() || !KEY_ID.matcher(kid).matches()) {
            return Optional.empty();
        }
        String address = null;
        String prefix = null;
        int i = 2;
        if (i < fields.length && fields[i].startsWith("ip=")) {
            address = value(fields[i++], "ip");
            if (IpLiterals.parse(address).isEmpty()) {
                return Optional.empty();
            }
        }
        if (i < fields.length && fields[i].startsWith("path=")) {
            prefix = value(fields[i++], "path");
            if (prefix.isEmpty() || prefix.charAt(0) != '/') {
                return Optional.empty();
            }
        }
        if (i != fields.length) {
            return Optional.empty();
        }
        return Optional.of(new SignedUrlToken(Long.parseLong(exp), kid, address, prefix, signature, signed));
    }

    /** What the HMAC covers for a request to {@code path} (the normalized path). */
    public String message(String path) {
        return prefix != null ? signed : signed + "~url=" + path;
    }

    /** True when the token is bound to an address and {@code client} is another one (IPv6 spellings compare equal). */
    boolean wrongAddress(InetAddress client) {
        if (address == null) {
            return false;
        }
        Optional<InetAddress> bound = IpLiterals.parse(address);
        return client == null || bound.isEmpty() || !bound.get().equals(client);
    }

    boolean wrongPath(String path) {
        return prefix != null && !path.startsWith(prefix);
    }

    /**
     * Builds a token (what a customer's signer does; the docs' worked example and the tests use it).
     *
     * @param address null for no address binding
     * @param prefix  null to bind the token to exactly {@code path}
     */
    public static String sign(byte[] key, String keyId, long expires, String address, String prefix, String path) {
        StringBuilder signed = new StringBuilder("exp=").append(expires).append("~kid=").append(keyId);
        if (address != null) {
            signed.append("~ip=").append(address);
        }
        if (prefix != null) {
            signed.append("~path=").append(prefix);
        }
        String message = prefix != null ? signed.toString() : signed + "~url=" + path;
        byte[] mac = Hmac.of(key).sign(message.getBytes(StandardCharsets.UTF_8));
        return signed + "~hmac=" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private static String value(String field, String name) {
        return field.startsWith(name + "=") ? field.substring(name.length() + 1) : null;
    }

    private static byte[] decode(String base64url) {
        if (base64url.indexOf('=') >= 0) {
            return null; // no padding: one signature, one spelling
        }
        try {
            return Base64.getUrlDecoder().decode(base64url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
