package dev.cdn.edge.logic;

import dev.cdn.config.AddressPrefix;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.PathGlob;
import java.net.InetAddress;
import java.util.Set;

/**
 * A {@link LogicMatch} compiled once: glob automaton, sets, regexes and address prefixes. Criteria are tested
 * cheapest first (method, scheme, path) so most non-matching rules cost a set lookup and a glob run.
 */
final class CompiledMatch {

    private final PathGlob path;
    private final Set<String> methods;
    private final Set<String> schemes;
    private final FieldMatcher[] headers;
    private final FieldMatcher[] cookies;
    private final FieldMatcher[] query;
    private final AddressPrefix[] addresses;
    private final Set<String> countries;

    CompiledMatch(LogicMatch m) {
        this.path = m.path() == null ? null : PathGlob.compile(m.path());
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
        if (path != null && !path.matches(r.path())) {
            return false;
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
        if (addresses.length > 0 && !inAny(r.clientAddress())) {
            return false;
        }
        // No country known (no lookup configured, or an address it does not list) never meets a country condition.
        return countries.isEmpty() || (r.country() != null && countries.contains(r.country()));
    }

    private boolean inAny(InetAddress address) {
        for (AddressPrefix p : addresses) {
            if (p.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
