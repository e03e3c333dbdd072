package dev.cdn.config;

import java.util.List;

/**
 * Finds redirects that send a client back to a URL their own rule matches again, which every browser would follow
 * until it gives up. The check is conservative: it reports a loop only when the target's scheme, host, path and
 * query can be shown to meet the rule's match; a target it cannot reason about (a path such as
 * {@code /new{path}}) is accepted.
 */
final class RedirectLoops {

    private RedirectLoops() {
    }

    /** True when following {@code rule}'s redirect certainly meets {@code rule}'s match again. */
    static boolean loops(LogicRule rule, List<String> domains) {
        Redirect r = rule.redirect();
        LogicMatch m = rule.match();
        String loc = r.location();
        String scheme = null; // null: the request's own
        String rest;
        if (loc.startsWith("/")) {
            rest = loc;
        } else if (loc.startsWith("{scheme}://")) {
            rest = loc.substring("{scheme}://".length());
        } else if (loc.startsWith("http://") || loc.startsWith("https://")) {
            scheme = loc.substring(0, loc.indexOf(':'));
            rest = loc.substring(scheme.length() + 3);
        } else {
            return false;
        }
        if (!loc.startsWith("/")) {
            int end = 0;
            while (end < rest.length() && "/?".indexOf(rest.charAt(end)) < 0 && !rest.startsWith("{path}", end)
                    && !rest.startsWith("{uri}", end)) {
                end++;
            }
            String host = rest.substring(0, end);
            rest = end < rest.length() ? rest.substring(end) : "/";
            if (!host.equals("{host}") && !servedHere(host, domains)) {
                return false; // another site: this service's rules never see the follow-up
            }
        }
        if (scheme != null && !m.schemes().isEmpty() && !m.schemes().contains(scheme)) {
            return false;
        }
        if (rest.startsWith("?")) {
            rest = "/" + rest;
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        boolean samePath = path.equals("{path}") || path.equals("{uri}");
        if (!samePath) {
            if (path.indexOf('{') >= 0) {
                return false;
            }
            if (m.path() != null && !PathGlob.compile(m.path()).matches(path)) {
                return false;
            }
        }
        boolean sameQuery = path.equals("{uri}") || query.equals("{query}");
        if (!m.query().isEmpty() && !sameQuery) {
            return false;
        }
        // 301 and 302 may turn the follow-up into a GET (RFC 9110 15.4.2, 15.4.3).
        if (!m.methods().isEmpty() && !m.methods().contains("GET") && (r.status() == 301 || r.status() == 302)) {
            return false;
        }
        return true;
    }

    private static boolean servedHere(String host, List<String> domains) {
        String h = HostNames.normalize(host.replaceFirst(":\\d+$", ""));
        for (String d : domains) {
            if (d == null) {
                continue;
            }
            String n = HostNames.normalize(d);
            if (n.equals(h) || (n.startsWith("*.") && h.endsWith(n.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}
