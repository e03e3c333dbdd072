package dev.cdn.api.logs;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.ssrf.AddressPolicy;
import dev.cdn.api.ssrf.HostLookup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A tenant's delivery URL, checked: {@code http} or {@code https}, a host, no user info or fragment, and (each time
 * it is used) every address its host resolves to allowed by the platform's SSRF rule ({@link AddressPolicy}).
 * Delivery connects to the address that was checked, so a name that re-resolves elsewhere (DNS rebinding) gains
 * nothing.
 */
record DeliveryEndpoint(URI uri, String host, int port, boolean tls) {

    static final int MAX_URL = 2048;

    /** Parses a URL a tenant gave; a bad one is a 400 naming {@code url}. */
    static DeliveryEndpoint parse(String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.invalid("url", "is required");
        }
        if (url.length() > MAX_URL) {
            throw ApiException.invalid("url", "must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.invalid("url", "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.invalid("url", "must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ApiException.invalid("url", "must name a host, without user info or fragment");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new DeliveryEndpoint(uri, host, port, tls);
    }

    /**
     * Resolves the host off the event loop and checks every address; the address to connect to, or a 400 naming
     * {@code url} that says why it may not be reached.
     */
    Mono<InetSocketAddress> resolve(AddressPolicy policy, HostLookup lookup) {
        return lookup.resolve(host).flatMap(list -> {
            if (list.isEmpty()) {
                return Mono.error(ApiException.invalid("url", "'" + host + "' does not resolve in DNS"));
            }
            for (InetAddress a : list) {
                Optional<String> refused = policy.refusal(host, a, port);
                if (refused.isPresent()) {
                    return Mono.error(ApiException.invalid("url", refused.get()));
                }
            }
            return Mono.just(HostLookup.connectAddress(host, list.get(0), port));
        });
    }
}
