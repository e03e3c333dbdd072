package dev.cdn.edge.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 9111 §4.4, invalidating stored responses as pure decisions. A cache invalidates the target URI when it
 * receives a non-error status code (2xx or 3xx) in response to an unsafe request method, including methods whose
 * safety is unknown; it may also invalidate the URIs in Location and Content-Location, but MUST NOT when their
 * origin differs from the target's. An error answer (a 405 to a POST, a 502) invalidates nothing, so no client can
 * evict an object just by sending it a POST.
 */
public final class Invalidation {

    /** RFC 9110 §9.2.1: the safe methods; any other, known or not, is treated as unsafe. */
    static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private Invalidation() {
    }

    /** True for a method that is not known to be safe (POST, PUT, DELETE, PATCH, M-SEARCH, ...). */
    public static boolean unsafe(String method) {
        return !SAFE.contains(method);
    }

    /** True when an upstream answer with this status invalidates: 2xx and 3xx only. */
    public static boolean invalidates(int status) {
        return status >= 200 && status < 400;
    }

    /**
     * The Location and Content-Location values that name a URI of the same origin (scheme, host, port) as
     * {@code target}, resolved against it; values that are not URI references, or of another origin, are left out.
     */
    public static List<URI> sameOrigin(URI target, List<String> locations) {
        List<URI> out = new ArrayList<>();
        for (String value : locations) {
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                URI resolved = target.resolve(new URI(value.trim()));
                if (sameOrigin(target, resolved) && resolved.getRawPath() != null && !resolved.getRawPath().isEmpty()) {
                    out.add(resolved);
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a URI reference: nothing to invalidate for it.
            }
        }
        return out;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equals(u.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}
