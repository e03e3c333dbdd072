package dev.cdn.config;

import java.util.regex.Pattern;

/**
 * The two kinds of name the platform accepts, checked the same way by the control plane and the edge.
 *
 * <ul>
 *   <li><b>Identifiers</b> (origin and rule names) appear in URL paths ({@code .../rules/{name}}), log lines and
 *       metric tags, so they are URL-safe ASCII: 1-64 letters, digits, '.', '_' or '-' (RFC 3986 §2.3 unreserved
 *       characters, without '~'). Any such name can be edited and deleted through every route.</li>
 *   <li><b>Display names</b> (tenant, service and token names) are shown to people: any printable Unicode, but
 *       never a control character (C0, DEL, C1: a newline forges log lines, ESC drives terminals), a line or
 *       paragraph separator, an unpaired surrogate, or a bidirectional embedding, override or isolate
 *       (U+202A-U+202E, U+2066-U+2069: they make {@code evil\u202Etxt.exe} display as {@code evilexe.txt};
 *       Unicode TR #36 §2.3). NUL is a control character, so it never reaches PostgreSQL, whose text type cannot
 *       hold it.</li>
 * </ul>
 */
public final class Names {

    /** Longest identifier, in characters. */
    public static final int IDENTIFIER_MAX = 64;
    /** Longest display name, in code points. */
    public static final int DISPLAY_MAX = 100;
    public static final String IDENTIFIER_RULE = "must be 1-" + IDENTIFIER_MAX + " letters, digits, '.', '_' or '-'";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.-]{1," + IDENTIFIER_MAX + "}");

    private Names() {
    }

    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    /**
     * Why {@code name} is not a display name of at most {@code max} code points, or null when it is one. Leading
     * and trailing white space does not count towards the length (callers store the stripped name).
     */
    public static String displayNameProblem(String name, int max) {
        if (name == null || name.isBlank()) {
            return "is required";
        }
        String trimmed = name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > max) {
            return "must be at most " + max + " characters";
        }
        int bad = firstUnsafe(name); // the untrimmed text: trimming must not hide a NUL or newline at either end
        return bad < 0 ? null : "must not contain " + describe(bad) + " (U+" + String.format("%04X", bad) + ")";
    }

    /** The first code point a person-facing text must not contain, or -1 when there is none. */
    public static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isUnsafe(cp)) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static boolean isUnsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || isBidiControl(cp);
    }

    /** Embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069), Unicode UAX #9 §2. */
    private static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    private static String describe(int cp) {
        if (cp == 0) {
            return "a NUL character";
        }
        if (isBidiControl(cp)) {
            return "a bidirectional override or isolate";
        }
        if (Character.getType(cp) == Character.SURROGATE) {
            return "an unpaired surrogate";
        }
        return "a control character";
    }
}
