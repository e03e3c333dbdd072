package dev.cdn.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks of the small values edge logic is made of: header names and values, regexes, methods, countries. */
final class FieldChecks {

    /** RFC 9110 5.1 / 5.6.2: a field name is a token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    /** A quantified group that itself holds a quantifier, e.g. {@code (a+)+}: backtracking can take exponential time. */
    private static final Pattern NESTED_QUANTIFIER = Pattern.compile("\\([^()]*[*+}][^()]*\\)[*+{]");
    static final int MAX_REGEX = 256;
    static final int MAX_VALUE = 8192;

    /**
     * Fields a rule may not touch: message framing (RFC 9112 6), connection management (RFC 9110 7.6.1) and the
     * edge's own routing and loop detection; changing them would desynchronize or misroute the exchange.
     */
    static final Set<String> MANAGED_REQUEST = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "te", "trailer", "upgrade", "cdn-loop", "via", "expect");
    static final Set<String> MANAGED_RESPONSE = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "trailer", "upgrade", "cache-status", "x-cache", "via");

    private FieldChecks() {
    }

    static boolean isToken(String s) {
        return s != null && TOKEN.matcher(s).matches();
    }

    /** Why a field value may not be sent (CR/LF/NUL split or smuggle messages, RFC 9110 5.5), or null. */
    static String valueProblem(String value) {
        if (value == null) {
            return "is required";
        }
        if (value.length() > MAX_VALUE) {
            return "must be at most " + MAX_VALUE + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return "must not contain CR, LF or NUL";
            }
            if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
                return "must hold visible characters, spaces and tabs only";
            }
        }
        return null;
    }

    static void headerActions(List<HeaderAction> actions, String at, Set<String> managed, List<Violation> out) {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < actions.size(); i++) {
            HeaderAction a = actions.get(i);
            String f = at + "[" + i + "]";
            if (a == null) {
                out.add(new Violation(f, "must not be null"));
                continue;
            }
            if (a.op() == null) {
                out.add(new Violation(f + ".op", "must be set, append or remove"));
            }
            if (!isToken(a.name())) {
                out.add(new Violation(f + ".name", "'" + printable(a.name()) + "' is not a header name"));
                continue;
            }
            String lower = a.name().toLowerCase(Locale.ROOT);
            if (managed.contains(lower)) {
                out.add(new Violation(f + ".name", "'" + a.name() + "' is managed by the edge and cannot be changed"));
            }
            if (a.op() != HeaderOp.REMOVE) {
                String problem = valueProblem(a.value());
                if (problem != null) {
                    out.add(new Violation(f + ".value", problem));
                }
            }
            // Append after append is a list; anything else twice on one name contradicts itself.
            if (a.op() != HeaderOp.APPEND && !seen.add(lower)) {
                out.add(new Violation(f + ".name", "'" + a.name() + "' is changed twice by this list; keep one change"));
            } else if (a.op() == HeaderOp.APPEND && seen.contains(lower)) {
                out.add(new Violation(f + ".name", "'" + a.name() + "' is appended to after being set or removed"));
            }
        }
    }

    static void methods(List<String> methods, String at, List<Violation> out) {
        for (int i = 0; i < methods.size(); i++) {
            String m = methods.get(i);
            if (m == null || !METHOD.matcher(m).matches()) {
                out.add(new Violation(at + "[" + i + "]", "'" + printable(m) + "' is not an upper-case method"));
            }
        }
    }

    static void tokens(List<String> names, String at, String what, List<Violation> out) {
        for (int i = 0; i < names.size(); i++) {
            if (!isToken(names.get(i))) {
                out.add(new Violation(at + "[" + i + "]", "'" + printable(names.get(i)) + "' is not a " + what));
            }
        }
    }

    static boolean isCountry(String c) {
        return c != null && COUNTRY.matcher(c).matches();
    }

    /** Why a regex may not be used, or null. */
    static String regexProblem(String regex) {
        if (regex == null || regex.isEmpty()) {
            return "is required";
        }
        if (regex.length() > MAX_REGEX) {
            return "must be at most " + MAX_REGEX + " characters";
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex();
        }
        if (NESTED_QUANTIFIER.matcher(regex).find()) {
            return "has a quantified group that holds a quantifier (such as (a+)+), which can take exponential time"
                    + " on a crafted value";
        }
        return null;
    }

    /** Visible ASCII only, at most {@code max}: what a request target or a short header value may hold. */
    static boolean isVisibleAscii(String text, int max) {
        return text != null && !text.isEmpty() && text.length() <= max
                && text.chars().allMatch(c -> c > ' ' && c <= '~');
    }

    /** The text with controls escaped, fit to quote in a message. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            sb.append(c < ' ' || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
