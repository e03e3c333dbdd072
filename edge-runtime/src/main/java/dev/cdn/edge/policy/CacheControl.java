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

    /** A delta-seconds directive; empty when absent, negative or not a number (an invalid value is ignored). */
    public java.util.OptionalLong seconds(String directive) {
        String v = directives.get(directive);
        if (v == null || v.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(v);
            return n < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(Math.min(n, Integer.MAX_VALUE));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    public boolean isEmpty() {
        return directives.isEmpty();
    }
}
