package dev.cdn.api.alert;

import dev.cdn.api.ssrf.AddressPolicy;
import dev.cdn.api.ssrf.HostLookup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where a webhook may point: an absolute http or https URL without credentials, on an address the platform's SSRF
 * rule allows ({@link AddressPolicy}, the rule origins follow). The address is checked when a rule is saved and
 * again before every delivery, which connects to the address it checked, so a name re-pointed at a private address
 * after the rule was saved (DNS rebinding) is refused too.
 */
@Component
class WebhookAddress {

    static final int MAX_LENGTH = 2000;

    private final AddressPolicy policy;
    private final HostLookup lookup;

    WebhookAddress(AddressPolicy policy, HostLookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    /** What is wrong with the URL's form, if anything; no name is resolved. */
    static Optional<String> syntaxProblem(String url) {
        if (url.isBlank() || url.length() > MAX_LENGTH) {
            return Optional.of("must be an http or https URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must use http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials (the signature authenticates the sender)");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        return Optional.empty();
    }

    /**
     * Why the URL's host may not be reached (every address a name has now is checked); empty when it may. A name
     * that does not resolve yet is accepted: delivery checks again.
     */
    Mono<Optional<String>> refusal(String url) {
        return Mono.defer(() -> {
            URI uri = URI.create(url);
            return lookup.resolve(host(uri)).map(addresses -> {
                for (InetAddress a : addresses) {
                    Optional<String> reason = policy.refusal(uri.getHost(), a, port(uri));
                    if (reason.isPresent()) {
                        return reason;
                    }
                }
                return Optional.<String>empty();
            });
        });
    }

    /**
     * The address a delivery connects to: the URL's host resolved now, every address of it allowed; it carries the
     * name, so an https delivery checks the certificate against the name.
     */
    Mono<InetSocketAddress> resolveForDelivery(String url) {
        return Mono.defer(() -> {
            URI uri = URI.create(url);
            String host = host(uri);
            return lookup.resolve(host).map(addresses -> {
                if (addresses.isEmpty()) {
                    throw new IllegalStateException("'" + host + "' does not resolve");
                }
                for (InetAddress a : addresses) {
                    Optional<String> reason = policy.refusal(uri.getHost(), a, port(uri));
                    if (reason.isPresent()) {
                        throw new IllegalStateException("refused by the SSRF rule: " + reason.get());
                    }
                }
                return HostLookup.connectAddress(host, addresses.get(0), port(uri));
            });
        });
    }

    /** The URL's host without the brackets of an IPv6 literal. */
    private static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
