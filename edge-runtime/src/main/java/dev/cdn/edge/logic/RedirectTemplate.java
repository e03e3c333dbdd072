package dev.cdn.edge.logic;

import java.util.ArrayList;
import java.util.List;

/**
 * A redirect target split once into literal text and placeholders ({@code {scheme}}, {@code {host}},
 * {@code {path}}, {@code {query}}, {@code {uri}}), so rendering it is one pass of appends.
 */
final class RedirectTemplate {

    private enum Part { LITERAL, SCHEME, HOST, PATH, QUERY, URI }

    private final Part[] parts;
    private final String[] literals;

    RedirectTemplate(String location) {
        List<Part> p = new ArrayList<>();
        List<String> l = new ArrayList<>();
        int i = 0;
        while (i < location.length()) {
            int open = location.indexOf('{', i);
            if (open < 0) {
                p.add(Part.LITERAL);
                l.add(location.substring(i));
                break;
            }
            if (open > i) {
                p.add(Part.LITERAL);
                l.add(location.substring(i, open));
            }
            int close = location.indexOf('}', open);
            p.add(Part.valueOf(location.substring(open + 1, close).toUpperCase(java.util.Locale.ROOT)));
            l.add(null);
            i = close + 1;
        }
        this.parts = p.toArray(Part[]::new);
        this.literals = l.toArray(String[]::new);
    }

    String render(LogicRequest r) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < parts.length; i++) {
            switch (parts[i]) {
                case LITERAL -> sb.append(literals[i]);
                case SCHEME -> sb.append(r.scheme());
                case HOST -> sb.append(r.host());
                case PATH -> sb.append(r.path());
                case QUERY -> sb.append(r.rawQuery() == null ? "" : r.rawQuery());
                case URI -> {
                    sb.append(r.path());
                    if (r.rawQuery() != null) {
                        sb.append('?').append(r.rawQuery());
                    }
                }
            }
        }
        return sb.toString();
    }
}
