package dev.cdn.edge.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsed Cache-Control directives (RFC 9111 section 5.2); the same grammar serves CDN-Cache-Control (RFC 9213)
 * and Surrogate-Control. Directive names are case-insensitive; a directive without a value maps to {@code ""}.
 */
public record CacheControl(Map<String, String> directives) {

    public static final CacheControl EMPTY = new CacheControl(Map.of());
    /** RFC 9111 §1.2.2: the value to use for a delta-seconds too large to represent. */
    public static final long MAX_DELTA_SECONDS = 2147483648L;

    /** Parses every field line (they combine as one comma-separated list); malformed members are skipped. */
    public static CacheControl parse(List<String> fieldLines) {
        if (fieldLines == null || fieldLines.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : fieldLines) {
            parseInto(line, out);
        }
        return new CacheControl(Collections.unmodifiableMap(out));
    }

    public static CacheControl parse(String fieldValue) {
        return fieldValue == null ? EMPTY : parse(List.of(fieldValue));
    }

    private static void parseInto(String s, Map<String, String> out) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            int nameStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',') {
                i++;
            }
            String name = s.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder v = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        v.append(s.charAt(i++));
                    }
                    i++;
                    value = v.toString();
                    while (i < n && s.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int vs = i;
                    while (i < n && s.charAt(i) != ',') {
                        i++;
                    }
                    value = s.substring(vs, i).trim();
                }
            }
            // RFC 9111 4.2.1: when a directive repeats, the first one wins (caches may treat it as invalid).
            if (!name.isEmpty()) {
                out.putIfAbsent(name, value);
            }
        }
    }

    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    /**
     * A delta-seconds directive (RFC 9111 §1.2.2: {@code 1*DIGIT}); empty when absent or invalid (signed, not a
     * number). A value too large to represent is 2^31, as §1.2.2 requires.
     */
    public java.util.OptionalLong seconds(String directive) {
        return deltaSeconds(directives.get(directive));
    }

    /** A delta-seconds value (RFC 9111 §1.2.2); empty when null or not {@code 1*DIGIT}; 2^31 when too large. */
    public static java.util.OptionalLong deltaSeconds(String v) {
        if (v == null || v.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return java.util.OptionalLong.empty();
            }
        }
        if (v.length() > 10) {
            return java.util.OptionalLong.of(MAX_DELTA_SECONDS);
        }
        return java.util.OptionalLong.of(Math.min(Long.parseLong(v), MAX_DELTA_SECONDS));
    }

    /** True when the directive is present but its value is not delta-seconds ({@code max-age=abc}, {@code max-age}). */
    public boolean invalidSeconds(String directive) {
        return directives.containsKey(directive) && seconds(directive).isEmpty();
    }

    public boolean isEmpty() {
        return directives.isEmpty();
    }
}
