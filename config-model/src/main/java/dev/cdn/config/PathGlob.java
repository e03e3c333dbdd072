package dev.cdn.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A path glob, compiled once: {@code *} matches within one path segment, {@code **} matches across segments,
 * {@code ?} matches one character other than {@code /}; everything else is literal. The same semantics are used
 * for query-parameter name globs ({@code utm_*}), where no {@code /} occurs.
 */
public final class PathGlob {

    private final String source;
    private final Pattern pattern;

    private PathGlob(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** Compiles a glob; throws {@link IllegalArgumentException} with the reason when it is not a valid glob. */
    public static PathGlob compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("glob must not be empty");
        }
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else {
                    regex.append("[^/]*");
                }
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (Character.isISOControl(c) || c == ' ') {
                throw new IllegalArgumentException("glob must not contain spaces or control characters");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return new PathGlob(glob, Pattern.compile(regex.toString()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("glob does not compile: " + e.getDescription(), e);
        }
    }

    public boolean matches(CharSequence path) {
        return pattern.matcher(path).matches();
    }

    /** True when the text contains a glob wildcard and so needs {@link #compile}; plain names compare equal. */
    public static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    @Override
    public String toString() {
        return source;
    }
}
