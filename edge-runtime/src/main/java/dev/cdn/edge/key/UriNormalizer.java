package dev.cdn.edge.key;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * RFC 3986 section 6.2.2 syntax-based normalization of a request path, so that equivalent spellings share one
 * cache key: upper-case percent-encoding hex, decode percent-encoded unreserved characters, collapse duplicate
 * slashes, then remove dot segments (5.2.4).
 */
public final class UriNormalizer {

    private UriNormalizer() {
    }

    /** Normalizes a path (without query); an empty path becomes {@code /}. */
    public static String normalizePath(String rawPath) {
        if (rawPath != null && isNormal(rawPath)) {
            return rawPath; // the common case, answered without allocating: nothing below would change it
        }
        return normalizeSegments(rawPath);
    }

    /**
     * True when {@link #normalizeSegments} would return {@code path} unchanged: it starts with {@code /}, has no
     * percent-encoding, no empty segment ({@code //}) and no {@code .} or {@code ..} segment. A trailing slash is kept
     * by the full algorithm too, so it may stay.
     */
    static boolean isNormal(String path) {
        int n = path.length();
        if (n == 0 || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '%') {
                return false;
            }
            if (c == '/' && i + 1 < n) {
                char next = path.charAt(i + 1);
                if (next == '/') {
                    return false;
                }
                if (next == '.' && (i + 2 == n || path.charAt(i + 2) == '/'
                        || path.charAt(i + 2) == '.' && (i + 3 == n || path.charAt(i + 3) == '/'))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The full algorithm: percent-encoding, duplicate slashes, then dot segments. */
    static String normalizeSegments(String rawPath) {
        String p = normalizePercent(rawPath == null ? "" : rawPath);
        if (p.isEmpty() || p.charAt(0) != '/') {
            p = "/" + p;
        }
        boolean trailingSlash = p.endsWith("/") || p.endsWith("/.") || p.endsWith("/..");
        Deque<String> out = new ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue; // empty segments are duplicate slashes
            }
            if (seg.equals("..")) {
                out.pollLast(); // never climbs above the root
                continue;
            }
            out.addLast(seg);
        }
        StringBuilder sb = new StringBuilder(p.length());
        for (String seg : out) {
            sb.append('/').append(seg);
        }
        if (sb.length() == 0 || trailingSlash) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** Upper-cases the hex of every %XX and decodes those that encode an unreserved character. */
    public static String normalizePercent(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                int v = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
                if (isUnreserved((char) v)) {
                    sb.append((char) v);
                } else {
                    sb.append('%').append(Character.toUpperCase(s.charAt(i + 1))).append(Character.toUpperCase(s.charAt(i + 2)));
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
