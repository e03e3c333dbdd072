package dev.cdn.api.etag;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates an {@code If-Match} header against the current strong entity tag of an existing resource, as RFC 9110
 * §13.1.1 says: {@code *} matches any current representation; otherwise the header is a list of entity tags, and
 * the condition holds when one of them equals the current tag by strong comparison (§8.8.3.2: weak tags never
 * match). A pure function: no I/O, no clock.
 */
public final class IfMatch {

    /** What the condition says about a request. */
    public enum Outcome {
        /** No {@code If-Match} header: the request proceeds unconditionally. */
        ABSENT,
        /** The header names the current tag, or is {@code *}. */
        MATCHED,
        /** The header names other tags only: 412 Precondition Failed. */
        FAILED,
        /** The header is not a list of entity tags: 400. */
        MALFORMED
    }

    private IfMatch() {
    }

    public static Outcome evaluate(String header, String currentTag) {
        if (header == null) {
            return Outcome.ABSENT;
        }
        String trimmed = header.strip();
        if (trimmed.equals("*")) {
            return Outcome.MATCHED;
        }
        List<String> tags = parse(trimmed);
        if (tags == null) {
            return Outcome.MALFORMED;
        }
        return tags.contains(currentTag) ? Outcome.MATCHED : Outcome.FAILED;
    }

    /**
     * The strong tags of {@code #entity-tag} (§5.6.1 list, §8.8.3 {@code [W/] DQUOTE *etagc DQUOTE}); weak tags
     * are recognised and left out, since they can never match. Null when the text is not such a list.
     */
    static List<String> parse(String header) {
        List<String> strong = new ArrayList<>();
        int i = 0;
        int n = header.length();
        boolean any = false;
        while (i < n) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            boolean weak = header.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            if (open >= n || header.charAt(open) != '"') {
                return null;
            }
            int close = open + 1;
            while (close < n && isEtagc(header.charAt(close))) {
                close++;
            }
            if (close >= n || header.charAt(close) != '"') {
                return null;
            }
            if (!weak) {
                strong.add(header.substring(open, close + 1));
            }
            any = true;
            i = close + 1;
            if (i < n && header.charAt(i) != ',' && header.charAt(i) != ' ' && header.charAt(i) != '\t') {
                return null;
            }
        }
        return any ? strong : null;
    }

    /** {@code etagc = %x21 / %x23-7E / obs-text}. */
    private static boolean isEtagc(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }
}
