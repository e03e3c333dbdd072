package dev.cdn.edge.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a targeted cache-control field such as CDN-Cache-Control (RFC 9213 §2.1): a Dictionary Structured Field
 * (RFC 8941 §3.2, parsed per §4.2.2) whose members are cache directives. RFC 9213 §2.1: "If a targeted field in a
 * given response is empty, or a parsing error is encountered, that field MUST be ignored by the cache". A directive
 * whose value has the wrong type (a String where max-age needs an Integer: {@code max-age="10000"}) is treated as a
 * parsing error of the whole field too: RFC 8941 §2 says violating a field's type constraints should by default have
 * the same effect as failing to parse, and ignoring only that directive would let the rest of a malformed field
 * override Cache-Control (an unreadable {@code max-age} beside {@code Cache-Control: no-store} must not make a
 * private page shared).
 */
public final class TargetedCacheControl {

    /** Directives whose value is delta-seconds: an Integer of at least 0. */
    static final Set<String> SECONDS = Set.of("max-age", "s-maxage", "stale-while-revalidate", "stale-if-error");
    /** Directives without an argument: Boolean. */
    static final Set<String> FLAGS = Set.of("no-store", "public", "must-revalidate", "proxy-revalidate",
            "no-transform", "immutable", "must-understand");
    /** Directives with an optional list of field names: Boolean, String or Inner List. */
    static final Set<String> QUALIFIED = Set.of("no-cache", "private");

    private TargetedCacheControl() {
    }

    /** The directives of the field, or empty when the field must be ignored (absent, empty, or invalid). */
    public static Optional<CacheControl> parse(List<String> fieldLines) {
        if (fieldLines == null || fieldLines.isEmpty()) {
            return Optional.empty();
        }
        // RFC 8941 §4.2: field lines are combined with commas before parsing.
        String input = String.join(",", fieldLines);
        try {
            Map<String, String> directives = new Parser(input).dictionary();
            return directives.isEmpty() ? Optional.empty() : Optional.of(new CacheControl(Map.copyOf(directives)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A recursive-descent RFC 8941 §4.2 parser keeping each member's bare item as a directive value. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Map<String, String> dictionary() {
            Map<String, String> out = new LinkedHashMap<>();
            skipSp();
            if (i == s.length()) {
                return out;
            }
            while (true) {
                String key = key();
                Object value = Boolean.TRUE;
                if (peek() == '=') {
                    i++;
                    value = peek() == '(' ? innerList() : bareItem();
                }
                parameters();
                String directive = directive(key, value);
                if (directive == null) {
                    out.remove(key); // ?0: the directive is not set; a later member overwrites an earlier one
                } else {
                    out.put(key, directive);
                }
                skipOws();
                if (i == s.length()) {
                    return out;
                }
                expect(',');
                skipOws();
                if (i == s.length()) {
                    throw new IllegalArgumentException("trailing comma");
                }
            }
        }

        /** The directive's value as CacheControl stores it, after checking its type; null for Boolean false. */
        private static String directive(String key, Object value) {
            if (SECONDS.contains(key)) {
                if (!(value instanceof Long n) || n < 0) {
                    throw new IllegalArgumentException(key + " needs an integer");
                }
                return String.valueOf(n);
            }
            if (FLAGS.contains(key) && !(value instanceof Boolean)) {
                throw new IllegalArgumentException(key + " takes no value");
            }
            if (QUALIFIED.contains(key) && !(value instanceof Boolean || value instanceof String
                    || value instanceof Token || value instanceof List)) {
                throw new IllegalArgumentException(key + " takes field names");
            }
            if (value instanceof Boolean b) {
                return b ? "" : null;
            }
            return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
        }

        private String key() {
            int start = i;
            if (i >= s.length() || !(lcalpha(s.charAt(i)) || s.charAt(i) == '*')) {
                throw new IllegalArgumentException("bad key at " + i);
            }
            while (i < s.length() && (lcalpha(s.charAt(i)) || Character.isDigit(s.charAt(i))
                    || "_-.*".indexOf(s.charAt(i)) >= 0)) {
                i++;
            }
            return s.substring(start, i);
        }

        private List<Object> innerList() {
            expect('(');
            List<Object> items = new java.util.ArrayList<>();
            while (true) {
                skipSp();
                if (peek() == ')') {
                    i++;
                    return items;
                }
                items.add(bareItem());
                parameters();
                if (peek() != ' ' && peek() != ')') {
                    throw new IllegalArgumentException("bad inner list");
                }
            }
        }

        private void parameters() {
            while (peek() == ';') {
                i++;
                skipSp();
                key();
                if (peek() == '=') {
                    i++;
                    bareItem();
                }
            }
        }

        private Object bareItem() {
            char c = peek();
            if (c == '-' || Character.isDigit(c)) {
                return number();
            }
            if (c == '"') {
                return string();
            }
            if (c == '?') {
                i++;
                char b = peek();
                if (b != '0' && b != '1') {
                    throw new IllegalArgumentException("bad boolean");
                }
                i++;
                return b == '1';
            }
            if (c == ':') {
                int end = s.indexOf(':', i + 1);
                if (end < 0 || !s.substring(i + 1, end).matches("[A-Za-z0-9+/=]*")) {
                    throw new IllegalArgumentException("bad byte sequence");
                }
                String bytes = s.substring(i, end + 1);
                i = end + 1;
                return bytes;
            }
            if (Character.isLetter(c) && c < 128 || c == '*') {
                int start = i;
                while (i < s.length() && (tchar(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '/')) {
                    i++;
                }
                return new Token(s.substring(start, i));
            }
            throw new IllegalArgumentException("bad item at " + i);
        }

        private Object number() {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            int digits = 0;
            while (Character.isDigit(peek())) {
                i++;
                digits++;
            }
            if (peek() == '.') {
                i++;
                int frac = 0;
                while (Character.isDigit(peek())) {
                    i++;
                    frac++;
                }
                if (digits == 0 || digits > 12 || frac == 0 || frac > 3) {
                    throw new IllegalArgumentException("bad decimal");
                }
                return new Token(s.substring(start, i)); // a Decimal: never a valid delta-seconds
            }
            if (digits == 0 || digits > 15) {
                throw new IllegalArgumentException("bad integer");
            }
            return Long.parseLong(s.substring(start, i));
        }

        private String string() {
            i++;
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char next = peek();
                    if (next != '"' && next != '\\') {
                        throw new IllegalArgumentException("bad escape");
                    }
                    out.append(next);
                    i++;
                } else if (c == '"') {
                    return out.toString();
                } else if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("bad string character");
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string");
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }

        private void skipSp() {
            while (peek() == ' ') {
                i++;
            }
        }

        private void skipOws() {
            while (peek() == ' ' || peek() == '\t') {
                i++;
            }
        }

        private static boolean lcalpha(char c) {
            return c >= 'a' && c <= 'z';
        }

        private static boolean tchar(char c) {
            return c < 128 && Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }

    /** An RFC 8941 Token: kept apart from String so that a quoted value never passes for a token. */
    private record Token(String text) {
        @Override
        public String toString() {
            return text;
        }
    }
}
