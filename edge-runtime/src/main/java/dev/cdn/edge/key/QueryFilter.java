package dev.cdn.edge.key;

import dev.cdn.config.PathGlob;
import dev.cdn.config.QueryMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The query-string part of a cache key under one rule's {@link QueryMode}: parameters are percent-normalized and
 * sorted by name (then value) so that their order never fragments the cache; name globs are compiled once.
 */
public final class QueryFilter {

    private final QueryMode mode;
    private final List<PathGlob> globs;
    private final List<String> names;

    private QueryFilter(QueryMode mode, List<PathGlob> globs, List<String> names) {
        this.mode = mode;
        this.globs = globs;
        this.names = names;
    }

    public static QueryFilter of(QueryMode mode, List<String> params) {
        List<PathGlob> globs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String p : params) {
            if (PathGlob.isGlob(p)) {
                globs.add(PathGlob.compile(p));
            } else {
                names.add(p);
            }
        }
        return new QueryFilter(mode, List.copyOf(globs), List.copyOf(names));
    }

    /** The normalized query for the key, without the leading {@code ?}; empty when nothing is kept. */
    public String apply(String rawQuery) {
        if (mode == QueryMode.IGNORE || rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = UriNormalizer.normalizePercent(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? null : UriNormalizer.normalizePercent(pair.substring(eq + 1));
            boolean listed = listed(name);
            if (mode == QueryMode.WHITELIST && !listed || mode == QueryMode.BLACKLIST && listed) {
                continue;
            }
            kept.add(new String[] {name, value});
        }
        kept.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : String.valueOf(a[1]).compareTo(String.valueOf(b[1]));
        });
        StringBuilder sb = new StringBuilder();
        for (String[] p : kept) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]);
            if (p[1] != null) {
                sb.append('=').append(p[1]);
            }
        }
        return sb.toString();
    }

    private boolean listed(String name) {
        if (names.contains(name)) {
            return true;
        }
        for (PathGlob g : globs) {
            if (g.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
