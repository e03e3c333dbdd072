package dev.cdn.edge.esi;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Which hosts a page may include from: the service's own domains plus an allow-list. Anything else is refused before
 * any connection is made, so a page (or a variable an attacker controls in its {@code src}) cannot make the edge
 * reach internal addresses (server-side request forgery).
 *
 * @param ownDomains the service's domains, lower case; credentials (Cookie, Authorization) go only to these
 * @param allowed further hosts fragments may come from, lower case; they never receive the client's credentials
 * @param pathPrefixes when not empty, a fragment's path must start with one of these
 */
public record HostPolicy(Set<String> ownDomains, Set<String> allowed, java.util.List<String> pathPrefixes) {

    public HostPolicy {
        ownDomains = lower(ownDomains);
        allowed = lower(allowed);
        pathPrefixes = pathPrefixes == null ? java.util.List.of() : java.util.List.copyOf(pathPrefixes);
    }

    /** A policy for any path. */
    public HostPolicy(Set<String> ownDomains, Set<String> allowed) {
        this(ownDomains, allowed, null);
    }

    /** Whether a fragment may be fetched from {@code url}: http(s), no user info, a permitted host and path. */
    public boolean permits(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return false;
        }
        if (url.getRawUserInfo() != null || url.getHost() == null) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return (listed(ownDomains, host) || listed(allowed, host)) && pathAllowed(url.getRawPath());
    }

    private boolean pathAllowed(String rawPath) {
        if (pathPrefixes.isEmpty()) {
            return true;
        }
        // Compared as normalized, so "/frag/../admin" cannot pass as "/frag/".
        String path = dev.cdn.edge.key.UriNormalizer.normalizePath(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
        return pathPrefixes.stream().anyMatch(path::startsWith);
    }

    /** Exact names, or "*.example.com" for any single label before "example.com" (as service domains match). */
    private static boolean listed(Set<String> names, String host) {
        if (names.contains(host)) {
            return true;
        }
        int dot = host.indexOf('.');
        return dot > 0 && names.contains("*" + host.substring(dot));
    }

    /** Whether the client's Cookie and Authorization may travel with a fetch of {@code url}. */
    public boolean sameService(URI url) {
        return url.getHost() != null && listed(ownDomains, url.getHost().toLowerCase(Locale.ROOT));
    }

    private static Set<String> lower(Set<String> hosts) {
        return hosts == null ? Set.of() : Set.copyOf(hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
    }
}
