package dev.cdn.edge.protect;

import java.util.ArrayList;
import java.util.List;

/** Reading and removing one parameter of a raw query (RFC 3986 section 3.4, '&'-separated name=value pairs). */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The raw values of every {@code name} parameter, in order; empty when there is none. */
    static List<String> values(String rawQuery, String name) {
        List<String> out = new ArrayList<>(1);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (isNamed(rawQuery, start, end, name)) {
                int eq = start + name.length();
                out.add(eq < end ? rawQuery.substring(eq + 1, end) : "");
            }
            start = end + 1;
        }
        return out;
    }

    /** The query without any {@code name} parameter; null when nothing is left. */
    static String remove(String rawQuery, String name) {
        if (rawQuery == null || !rawQuery.contains(name)) {
            return rawQuery;
        }
        StringBuilder sb = new StringBuilder(rawQuery.length());
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (!isNamed(rawQuery, start, end, name)) {
                if (!sb.isEmpty()) {
                    sb.append('&');
                }
                sb.append(rawQuery, start, end);
            }
            start = end + 1;
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static boolean isNamed(String q, int start, int end, String name) {
        int after = start + name.length();
        return after <= end && q.startsWith(name, start) && (after == end || q.charAt(after) == '=');
    }
}
