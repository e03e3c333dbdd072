package dev.cdn.edge.routing;

import dev.cdn.config.HostNames;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps a request's Host to a value. Across tenants, ownership decides, not specificity: the tenant whose wildcard
 * covers the widest part of the name ({@code *.a.example} before {@code *.deep.a.example} before
 * {@code www.deep.a.example}) owns it, so another tenant's exact name inside that wildcard never wins. Within the
 * owner's values the most specific wins: the exact name, then the longest wildcard suffix. A wildcard matches any
 * depth of subdomain but not the bare suffix. The control plane and {@code ConfigHolder} refuse such overlaps
 * already; the router keeps ownership even if one slips through. Immutable.
 */
public final class HostRouter<T> {

    private final Map<String, T> exact;
    private final Map<String, T> wildcard;
    private final Function<T, String> owner;

    private HostRouter(Map<String, T> exact, Map<String, T> wildcard, Function<T, String> owner) {
        this.exact = Map.copyOf(exact);
        this.wildcard = Map.copyOf(wildcard);
        this.owner = owner;
    }

    /** A router where every value has one owner (tests, single-tenant uses). */
    public static <T> HostRouter<T> of(Map<String, T> domains) {
        return of(domains, v -> "");
    }

    /**
     * Builds a router from domain to value; domains are normalized (lower case, no trailing dot); {@code owner}
     * names the tenant of a value.
     */
    public static <T> HostRouter<T> of(Map<String, T> domains, Function<T, String> owner) {
        Map<String, T> exact = new HashMap<>();
        Map<String, T> wildcard = new HashMap<>();
        domains.forEach((domain, value) -> {
            String d = HostNames.normalize(domain);
            if (d.startsWith("*.")) {
                wildcard.put(d.substring(2), value);
            } else {
                exact.put(d, value);
            }
        });
        return new HostRouter<>(exact, wildcard, owner);
    }

    /** The value for a raw Host header value (port and case ignored), or null. */
    public T route(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String host = hostOnly(hostHeader);
        if (host.isEmpty()) {
            return null;
        }
        T widest = null;
        int dot = host.lastIndexOf('.');
        // Suffixes from the widest (the last label) inwards; the first wildcard found names the owner.
        while (dot > 0 && widest == null) {
            dot = host.lastIndexOf('.', dot - 1);
            if (dot < 0) {
                break;
            }
            widest = wildcard.get(host.substring(dot + 1));
        }
        T value = exact.get(host);
        if (widest == null) {
            return value != null ? value : mostSpecificWildcard(host, null);
        }
        String ownerOfName = owner.apply(widest);
        if (value != null && owner.apply(value).equals(ownerOfName)) {
            return value;
        }
        return mostSpecificWildcard(host, ownerOfName);
    }

    /** The longest wildcard suffix of {@code host} whose value belongs to {@code requiredOwner} (any when null). */
    private T mostSpecificWildcard(String host, String requiredOwner) {
        int dot = host.indexOf('.');
        while (dot >= 0) {
            T value = wildcard.get(host.substring(dot + 1));
            if (value != null && (requiredOwner == null || owner.apply(value).equals(requiredOwner))) {
                return value;
            }
            dot = host.indexOf('.', dot + 1);
        }
        return null;
    }

    /**
     * Whether a Host header (or an absolute-form target's authority) is a plain {@code host[:port]}: a DNS name or
     * IPv4 address of letters, digits, '-', '_' and '.', or a bracketed IPv6 literal, then at most a port of digits.
     * Anything else (userinfo, "@", a second colon, spaces, percent-escapes) is refused: the port is not part of the
     * cache key, so a Host that routes like {@code shop.example} but reads otherwise to the origin
     * ({@code shop.example:@evil.example}) would let the origin build links to another site into a shared object.
     */
    public static boolean isPlainAuthority(String authority) {
        String a = authority.trim();
        int i = 0;
        int n = a.length();
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 2) {
                return false;
            }
            for (int k = 1; k < end; k++) {
                char c = a.charAt(k);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            i = end + 1;
        } else {
            while (i < n && a.charAt(i) != ':') {
                char c = a.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                        || c == '_')) {
                    return false;
                }
                i++;
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == n) {
            return true;
        }
        if (a.charAt(i) != ':' || n - i - 1 > 5) {
            return false;
        }
        for (int k = i + 1; k < n; k++) {
            if (a.charAt(k) < '0' || a.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The normalized host of a Host header: lower case, no port, no trailing dot. */
    public static String hostOnly(String hostHeader) {
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? "" : h.substring(0, end + 1).toLowerCase(java.util.Locale.ROOT);
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && h.indexOf(':') == colon) {
            h = h.substring(0, colon);
        }
        return HostNames.normalize(h);
    }
}
