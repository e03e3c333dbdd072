package dev.cdn.edge.routing;

import dev.cdn.config.HostNames;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps a request's Host to a value: exact domains first, then {@code *.suffix} wildcards, the most specific
 * (longest) suffix winning; a wildcard matches any depth of subdomain but not the bare suffix. Immutable.
 */
public final class HostRouter<T> {

    private final Map<String, T> exact;
    private final Map<String, T> wildcard;

    private HostRouter(Map<String, T> exact, Map<String, T> wildcard) {
        this.exact = Map.copyOf(exact);
        this.wildcard = Map.copyOf(wildcard);
    }

    /** Builds a router from domain to value; domains are normalized (lower case, no trailing dot). */
    public static <T> HostRouter<T> of(Map<String, T> domains) {
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
        return new HostRouter<>(exact, wildcard);
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
        T value = exact.get(host);
        if (value != null) {
            return value;
        }
        int dot = host.indexOf('.');
        while (dot >= 0) {
            value = wildcard.get(host.substring(dot + 1));
            if (value != null) {
                return value;
            }
            dot = host.indexOf('.', dot + 1);
        }
        return null;
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
