package dev.cdn.edge.logic;

import dev.cdn.config.AddressPrefix;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.PathGlob;
import java.util.Set;

/**
 * A {@link LogicMatch} compiled once: glob automaton, sets, regexes and address prefixes. Criteria are tested
 * cheapest first (method, scheme, path), and a glob's literal head and tail ({@code /static/} and {@code .css} of
 * {@code /static/**.css}) are compared before its automaton runs: a path that matches the glob starts and ends with
 * them, so most rules that do not apply to a request cost a set lookup and a string comparison.
 */
final class CompiledMatch {

    private final PathGlob path;
    private final String pathHead;
    private final String pathTail;
    private final Set<String> methods;
    private final Set<String> schemes;
    private final FieldMatcher[] headers;
    private final FieldMatcher[] cookies;
    private final FieldMatcher[] query;
    private final AddressPrefix[] addresses;
    private final Set<String> countries;

    CompiledMatch(LogicMatch m) {
        this.path = m.path() == null ? null : PathGlob.compile(m.path());
        this.pathHead = m.path() == null ? "" : literalHead(m.path());
        this.pathTail = m.path() == null ? "" : literalTail(m.path());
        this.methods = Set.copyOf(m.methods());
        this.schemes = Set.copyOf(m.schemes());
        this.headers = m.headers().stream().map(FieldMatcher::new).toArray(FieldMatcher[]::new);
        this.cookies = m.cookies().stream().map(FieldMatcher::new).toArray(FieldMatcher[]::new);
        this.query = m.query().stream().map(FieldMatcher::new).toArray(FieldMatcher[]::new);
        this.addresses = m.clientAddresses().stream().map(AddressPrefix::parse).toArray(AddressPrefix[]::new);
        this.countries = Set.copyOf(m.countries());
    }

    boolean matches(LogicRequest r) {
        if (!methods.isEmpty() && !methods.contains(r.method())) {
            return false;
        }
        if (!schemes.isEmpty() && !schemes.contains(r.scheme())) {
            return false;
        }
        if (path != null) {
            String p = r.path();
            if (!p.startsWith(pathHead) || !p.endsWith(pathTail) || !path.matches(p)) {
                return false;
            }
        }
        for (FieldMatcher h : headers) {
            if (!h.test(r.header(h.name()))) {
                return false;
            }
        }
        for (FieldMatcher c : cookies) {
            if (!c.test(r.cookie(c.name()))) {
                return false;
            }
        }
        for (FieldMatcher q : query) {
            if (!q.test(r.queryParameter(q.name()))) {
                return false;
            }
        }
        if (addresses.length > 0 && !inAny(r.clientAddressBytes())) {
            return false;
        }
        // No country known (no lookup configured, or an address it does not list) never meets a country condition.
        return countries.isEmpty() || (r.country() != null && countries.contains(r.country()));
    }

    private boolean inAny(byte[] address) {
        if (address == null) {
            return false;
        }
        for (AddressPrefix p : addresses) {
            if (p.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The glob's text before its first wildcard. */
    static String literalHead(String glob) {
        int i = 0;
        while (i < glob.length() && glob.charAt(i) != '*' && glob.charAt(i) != '?') {
            i++;
        }
        return glob.substring(0, i);
    }

    /** The glob's text after its last wildcard (all of it when it has none). */
    static String literalTail(String glob) {
        int i = glob.length();
        while (i > 0 && glob.charAt(i - 1) != '*' && glob.charAt(i - 1) != '?') {
            i--;
        }
        return glob.substring(i);
    }
}
