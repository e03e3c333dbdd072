package dev.cdn.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A service's origin-authentication header: a field the node that fetches from the origin adds, with a secret value
 * the origin checks, so that only the CDN's fills reach it (docs/routing.md, "Origin authentication and debug
 * headers"). The value is a secret: {@link #toString()} never shows it, and the API shows only {@link #fingerprint()}.
 *
 * @param header the field name, an RFC 9110 section 5.1 token that the platform does not own
 * @param value  the secret, 16-512 visible ASCII characters
 */
public record OriginAuth(String header, String value) {

    public static final int MIN_VALUE = 16;
    public static final int MAX_VALUE = 512;

    /**
     * Fields a tenant may not choose: hop-by-hop fields (RFC 9110 section 7.6.1), the ones the platform sets or
     * reads itself on the way upstream (routing, forwarding, loop detection, caching, fleet trust, debugging), and
     * the ones whose removal from client requests would change what the cache does.
     */
    private static final Set<String> RESERVED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization", "host", "via", "cdn-loop",
            "forwarded", "content-length", "content-type", "content-encoding", "content-range", "range", "expect",
            "authorization", "cookie", "cache-control", "pragma", "age", "vary", "cache-status", "surrogate-control",
            "surrogate-key", "cache-tag", "accept-encoding", "accept-language", "origin");
    /** Prefixes of platform-owned families: {@code X-Forwarded-*}, {@code X-Cdn-*}, {@code Cdn-*} ({@code Cdn-Debug}). */
    private static final List<String> RESERVED_PREFIXES = List.of("x-forwarded-", "x-cdn-", "cdn-", "if-", "sec-");

    /** The value is never printed: records would otherwise put it in every log line that shows a config. */
    @Override
    public String toString() {
        return "OriginAuth[header=" + header + ", value=" + fingerprint() + "]";
    }

    /** {@code sha256:} and the first 16 hex digits of the value's SHA-256: tells two values apart, reveals neither. */
    public String fingerprint() {
        return value == null ? "none" : "sha256:" + sha256Hex(value).substring(0, 16);
    }

    /** The last 4 characters of the value, as a reminder of which one is set. */
    public String lastFour() {
        return value == null || value.length() < 4 ? "" : value.substring(value.length() - 4);
    }

    /** Every problem with a header name and value, located under {@code at} ({@code at.header}, {@code at.value}). */
    public static List<Violation> check(String header, String value, String at) {
        List<Violation> out = new ArrayList<>();
        String problem = headerProblem(header);
        if (problem != null) {
            out.add(new Violation(at + "header", problem));
        }
        if (value == null || value.isEmpty()) {
            out.add(new Violation(at + "value", "is required"));
        } else if (value.length() < MIN_VALUE || value.length() > MAX_VALUE || !visibleAscii(value)) {
            // The value is never echoed: a message may end up in a log.
            out.add(new Violation(at + "value", "must be " + MIN_VALUE + "-" + MAX_VALUE
                    + " visible ASCII characters (no spaces or control characters)"));
        }
        return out;
    }

    /** Why {@code header} cannot be an origin-authentication field, or null when it can. */
    public static String headerProblem(String header) {
        if (header == null || header.isEmpty()) {
            return "is required";
        }
        if (header.length() > 64 || !token(header)) {
            return "must be a field name (RFC 9110 section 5.1: 1-64 letters, digits or !#$%&'*+-.^_`|~)";
        }
        String lower = header.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || RESERVED_PREFIXES.stream().anyMatch(lower::startsWith)) {
            return "'" + header + "' is a hop-by-hop field or one the platform sets or reads itself";
        }
        return null;
    }

    /** RFC 9110 section 5.6.2: token = 1*tchar. */
    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = c < 128 && Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5234 VCHAR: 0x21-0x7E. */
    private static boolean visibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code s}. */
    public static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
