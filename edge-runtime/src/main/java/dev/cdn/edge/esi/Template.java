package dev.cdn.edge.esi;

import java.util.ArrayList;
import java.util.List;

/**
 * Text holding ESI variable references, split once into literal and variable segments so that rendering for a
 * request is a concatenation. Text that looks like a reference but is not one ({@code $(} without a valid name or
 * closing parenthesis) stays literal.
 */
public record Template(List<Object> segments) {

    /** Longest variable reference read; longer is literal text, which keeps reading linear. */
    static final int MAX_REFERENCE_CHARS = 512;

    public Template {
        segments = List.copyOf(segments);
    }

    /** The template with no variables. */
    public static Template literal(String text) {
        return new Template(text.isEmpty() ? List.of() : List.of(text));
    }

    /** Splits {@code text} into literal and variable segments. */
    public static Template parse(String text) {
        List<Object> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("$(", i);
            if (start < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, start);
            Reference ref = readReference(text, start);
            if (ref == null) {
                literal.append("$(");
                i = start + 2;
                continue;
            }
            if (!literal.isEmpty()) {
                segments.add(literal.toString());
                literal.setLength(0);
            }
            segments.add(ref.variable());
            i = ref.end();
        }
        if (!literal.isEmpty()) {
            segments.add(literal.toString());
        }
        return new Template(segments);
    }

    /** True when the template holds no variable reference. */
    public boolean isLiteral() {
        return segments.stream().noneMatch(VariableRef.class::isInstance);
    }

    /** The text for this request, never longer than {@code maxChars} (longer values are cut). */
    public String render(RequestVariables variables, int maxChars) {
        StringBuilder out = new StringBuilder();
        for (Object segment : segments) {
            String piece = segment instanceof VariableRef ref ? ref.valueIn(variables) : (String) segment;
            int room = maxChars - out.length();
            if (piece.length() >= room) {
                out.append(piece, 0, Math.max(0, room));
                break;
            }
            out.append(piece);
        }
        return out.toString();
    }

    /** A variable reference read at {@code start} (which holds "$(") and the index just after its ')'. */
    record Reference(VariableRef variable, int end) {
    }

    /**
     * Reads {@code $(NAME{key}|default)} at {@code start}: NAME is upper-case letters, digits and underscores; the key
     * is any text without braces; the default is a quoted string or bare text up to ')'. Null when malformed.
     */
    static Reference readReference(String text, int start) {
        int limit = Math.min(text.length(), start + MAX_REFERENCE_CHARS);
        int i = start + 2;
        int nameStart = i;
        while (i < limit && isNameChar(text.charAt(i))) {
            i++;
        }
        if (i == nameStart || i >= limit) {
            return null;
        }
        String name = text.substring(nameStart, i);
        String key = null;
        if (text.charAt(i) == '{') {
            int close = indexOf(text, '}', i + 1, limit);
            if (close < 0 || text.substring(i + 1, close).indexOf('{') >= 0) {
                return null;
            }
            key = text.substring(i + 1, close);
            i = close + 1;
        }
        String fallback = null;
        if (i < limit && text.charAt(i) == '|') {
            i++;
            if (i < limit && (text.charAt(i) == '\'' || text.charAt(i) == '"')) {
                int close = indexOf(text, text.charAt(i), i + 1, limit);
                if (close < 0) {
                    return null;
                }
                fallback = text.substring(i + 1, close);
                i = close + 1;
            } else {
                int close = indexOf(text, ')', i, limit);
                if (close < 0) {
                    return null;
                }
                fallback = text.substring(i, close);
                i = close;
            }
        }
        if (i >= limit || text.charAt(i) != ')') {
            return null;
        }
        return new Reference(new VariableRef(name, key, fallback), i + 1);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static int indexOf(String text, char c, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
