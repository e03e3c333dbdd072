package dev.cdn.edge.esi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one ESI start or end tag at a known position, within a size limit so that a tag that never closes costs at
 * most the limit. Attribute values may be double-quoted, single-quoted or bare; quoted values may hold '>' (as
 * expressions do), and XML character references in them are decoded.
 */
final class TagReader {

    /** What reading a start tag gave: a tag, or where reading a malformed one stopped. */
    sealed interface StartRead {
        /** The index just after what was read: the caller continues there, so no character is read twice. */
        int end();
    }

    /** A start tag: its local name (after "esi:"), attributes, whether it ends in "/>", and the index after '>'. */
    record StartTag(String name, Map<String, String> attributes, boolean selfClosing, int end) implements StartRead {
    }

    /** A start tag that could not be read; the characters up to {@code end} are dropped. */
    record Malformed(int end) implements StartRead {
    }

    /** An end tag: its local name and the index after '>'. */
    record EndTag(String name, int end) {
    }

    private TagReader() {
    }

    /**
     * Reads the start tag whose "&lt;esi:" is at {@code start}, or reports it {@link Malformed} when it does not end
     * within {@code maxChars}; either way nothing before the returned end is read again, which keeps parsing linear.
     */
    static StartRead readStart(String text, int start, int maxChars) {
        int limit = Math.min(text.length(), start + maxChars);
        int i = start + "<esi:".length();
        int nameStart = i;
        while (i < limit && isNameChar(text.charAt(i))) {
            i++;
        }
        if (i == nameStart) {
            return new Malformed(i);
        }
        String name = text.substring(nameStart, i);
        Map<String, String> attributes = new LinkedHashMap<>();
        while (true) {
            i = skipSpace(text, i, limit);
            if (i >= limit) {
                return new Malformed(limit);
            }
            char c = text.charAt(i);
            if (c == '>') {
                return new StartTag(name, attributes, false, i + 1);
            }
            if (c == '/') {
                if (i + 1 < limit && text.charAt(i + 1) == '>') {
                    return new StartTag(name, attributes, true, i + 2);
                }
                return new Malformed(i + 1);
            }
            int attrStart = i;
            while (i < limit && !Character.isWhitespace(text.charAt(i)) && "=>/\"'".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            if (i == attrStart) {
                return new Malformed(i + 1);
            }
            String attr = text.substring(attrStart, i);
            i = skipSpace(text, i, limit);
            String value = "";
            if (i < limit && text.charAt(i) == '=') {
                i = skipSpace(text, i + 1, limit);
                if (i >= limit) {
                    return new Malformed(limit);
                }
                char q = text.charAt(i);
                if (q == '"' || q == '\'') {
                    int close = indexOf(text, q, i + 1, limit);
                    if (close < 0) {
                        return new Malformed(limit);
                    }
                    value = decodeReferences(text.substring(i + 1, close));
                    i = close + 1;
                } else {
                    int valueStart = i;
                    while (i < limit && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '>') {
                        i++;
                    }
                    value = decodeReferences(text.substring(valueStart, i));
                }
            }
            attributes.putIfAbsent(attr, value);
        }
    }

    /** Reads the end tag whose "&lt;/esi:" is at {@code start}, or null when malformed within {@code maxChars}. */
    static EndTag readEnd(String text, int start, int maxChars) {
        int limit = Math.min(text.length(), start + maxChars);
        int i = start + "</esi:".length();
        int nameStart = i;
        while (i < limit && isNameChar(text.charAt(i))) {
            i++;
        }
        if (i == nameStart) {
            return null;
        }
        String name = text.substring(nameStart, i);
        i = skipSpace(text, i, limit);
        if (i >= limit || text.charAt(i) != '>') {
            return null;
        }
        return new EndTag(name, i + 1);
    }

    /** Decodes the XML predefined entities and numeric character references (XML 1.0 section 4.1, 4.6). */
    static String decodeReferences(String value) {
        int amp = value.indexOf('&');
        if (amp < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (amp >= 0) {
            out.append(value, i, amp);
            int semi = value.indexOf(';', amp);
            String replacement = semi < 0 || semi - amp > 10 ? null : reference(value.substring(amp + 1, semi));
            if (replacement == null) {
                out.append('&');
                i = amp + 1;
            } else {
                out.append(replacement);
                i = semi + 1;
            }
            amp = value.indexOf('&', i);
        }
        out.append(value, i, value.length());
        return out.toString();
    }

    private static String reference(String name) {
        switch (name) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            default:
                break;
        }
        try {
            int code;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                code = Integer.parseInt(name.substring(2), 16);
            } else if (name.startsWith("#")) {
                code = Integer.parseInt(name.substring(1));
            } else {
                return null;
            }
            return Character.isValidCodePoint(code) && code != 0 ? new String(Character.toChars(code)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static int indexOf(String text, char c, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(String text, int i, int limit) {
        while (i < limit && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
