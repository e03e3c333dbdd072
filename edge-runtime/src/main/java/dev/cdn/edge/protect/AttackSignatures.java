package dev.cdn.edge.protect;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Signatures of path traversal and common injection attacks in a request's path and query, as pure functions.
 * Attackers hide both behind encodings an origin may undo, so the text is first decoded the way a lenient origin
 * would: percent-decoding repeated (double encoding, {@code %252e}), IIS {@code %u002e}, overlong UTF-8 dots and
 * slashes ({@code %c0%ae}), '+' as a space, and '\' as a separator. A basic set, in the spirit of the OWASP Core
 * Rule Set's most common rules, not a replacement for it.
 */
final class AttackSignatures {

    /** Decoding rounds: three undo double and triple encoding, and bound the work. */
    private static final int ROUNDS = 3;

    /**
     * One signature: a pattern, and a literal every match contains. The literal is looked for first, so an
     * ordinary request costs a few {@code indexOf} scans instead of a regex alternation tried at every position
     * (which measured about 50 us a request).
     */
    private record Signature(String literal, Pattern pattern) {

        boolean in(String text) {
            return text.contains(literal) && (pattern == null || pattern.matcher(text).find());
        }
    }

    private static final List<Signature> INJECTION = List.of(
            // SQL injection (CRS 942): UNION SELECT (comments as spaces), tautologies, stacked queries, timing.
            new Signature("union", Pattern.compile(
                    "\\bunion(\\s|/\\*[^*]{0,64}\\*/)+(all(\\s|/\\*[^*]{0,64}\\*/)+)?select\\b")),
            new Signature("'", Pattern.compile("'\\s*or\\s+'?\\w{1,16}'?\\s*=\\s*'?\\w{1,16}")),
            new Signature("1", Pattern.compile("\\bor\\s+1\\s*=\\s*1\\b")),
            new Signature(";", Pattern.compile(";\\s*(drop|delete|insert|update|shutdown|exec)\\s")),
            new Signature("(", Pattern.compile("\\b(sleep|benchmark|pg_sleep)\\s*\\(")),
            new Signature("waitfor", Pattern.compile("\\bwaitfor\\s+delay\\b")),
            new Signature("information_schema", null),
            // Script injection (CRS 941): script tags, javascript: URLs, event handlers.
            new Signature("<", Pattern.compile("<\\s*script\\b|<[^>]{0,256}\\bon[a-z]{3,20}\\s*=")),
            new Signature("javascript", Pattern.compile("\\bjavascript\\s*:")),
            // Shell and template injection (CRS 932, 934): command substitution, chained commands, log4shell.
            new Signature("$(", null),
            new Signature("", Pattern.compile("[;|&]\\s*(cat|ls|id|wget|curl|nc|bash|sh|whoami)\\b")),
            new Signature("/etc/", Pattern.compile("/etc/(passwd|shadow)\\b")),
            new Signature("${jndi:", null));

    private AttackSignatures() {
    }

    /** True when the path or query holds a {@code ..} segment in any of the encodings above. */
    static boolean traversal(String rawPath, String rawQuery) {
        return hasDotDot(decode(rawPath, false)) || rawQuery != null && hasDotDot(decode(rawQuery, true));
    }

    /** True when the decoded path or query matches a common injection signature. */
    static boolean injection(String rawPath, String rawQuery) {
        String text = decode(rawPath, false) + (rawQuery == null ? "" : "?" + decode(rawQuery, true));
        String lower = text.toLowerCase(Locale.ROOT);
        for (Signature sig : INJECTION) {
            if (sig.in(lower)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDotDot(String decoded) {
        String t = decoded.replace('\\', '/');
        int start = 0;
        while (start <= t.length()) {
            int end = indexOfSeparator(t, start);
            String seg = t.substring(start, end).strip();
            // "..;x" is ".." to servlet containers that strip path parameters (RFC 3986 section 3.3).
            if (seg.equals("..") || seg.startsWith("..;")) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Segments end at '/', and in a query also at '=', '&' (a value may be a path: {@code ?file=../x}). */
    private static int indexOfSeparator(String t, int from) {
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '/' || c == '=' || c == '&') {
                return i;
            }
        }
        return t.length();
    }

    /** Percent-decodes up to {@link #ROUNDS} times, byte for byte (ISO-8859-1), then maps overlong forms. */
    static String decode(String raw, boolean query) {
        String s = raw == null ? "" : raw;
        for (int round = 0; round < ROUNDS && (s.indexOf('%') >= 0 || query && s.indexOf('+') >= 0); round++) {
            String next = once(s, query);
            if (next.equals(s)) {
                break;
            }
            s = next;
        }
        return s.replace("\u00c0\u00ae", ".").replace("\u00c0\u00af", "/").replace("\u00c1\u009c", "\\");
    }

    private static String once(String s, boolean query) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else if (c == '%' && i + 5 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')
                    && hex(s.charAt(i + 2)) >= 0 && hex(s.charAt(i + 3)) >= 0 && hex(s.charAt(i + 4)) >= 0
                    && hex(s.charAt(i + 5)) >= 0) {
                int v = Integer.parseInt(s.substring(i + 2, i + 6), 16);
                // IIS %uXXXX: the division and set-minus slashes are read as '/' and '\'.
                out.append(v == 0x2215 ? '/' : v == 0x2216 ? '\\' : (char) v);
                i += 5;
            } else if (query && c == '+') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
