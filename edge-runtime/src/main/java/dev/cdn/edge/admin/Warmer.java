package dev.cdn.edge.admin;

import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.routing.HostRouter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;

/**
 * Cache warming: fetches a list of URLs through this node's own client listener, so each one takes the normal
 * request path (routing, rules, coalescing, admission, both tiers), at a bounded rate, and reports each URL's
 * outcome. A URL whose host does not route to the named service is refused, not fetched.
 */
public final class Warmer {

    /** Bounds of one warm request. */
    static final int MAX_URLS = 10_000;
    static final int MAX_RATE = 1000;

    /**
     * Where warming fetches go.
     *
     * @param plain          the client listener's port
     * @param tls            the TLS listener's port, or -1 when this node has none
     * @param forwardsScheme the node takes the scheme from X-Forwarded-Proto (a shield), so https URLs can be
     *                       warmed over its plain listener
     */
    public record Listeners(IntSupplier plain, IntSupplier tls, boolean forwardsScheme,
                            java.util.function.Supplier<String> fleetCredential) {

        public Listeners(IntSupplier plain, IntSupplier tls, boolean forwardsScheme) {
            this(plain, tls, forwardsScheme, () -> null);
        }
    }

    private final ConfigHolder config;
    private final Listeners listeners;
    private final HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(30));
    // The TLS listener is this node's own, on loopback: the point is to fill its https keys, not to verify the
    // certificate it presents (which names the service's domains, never 127.0.0.1).
    private final SslContext ownListenerTls = insecureClientContext();

    Warmer(ConfigHolder config, Listeners listeners) {
        this.config = config;
        this.listeners = listeners;
    }

    private static SslContext insecureClientContext() {
        try {
            return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the warming TLS client", e);
        }
    }

    /** One URL's outcome: the status and X-Cache of its fetch, or why it was not fetched. */
    public record Outcome(String url, int status, String cache, String error) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", url);
            if (error != null) {
                m.put("error", error);
            } else {
                m.put("status", status);
                m.put("cache", cache);
            }
            return m;
        }
    }

    /** Fetches the URLs one at a time, at most {@code ratePerSecond} per second. */
    public Flux<Outcome> warm(String serviceId, List<String> urls, int ratePerSecond) {
        Duration interval = Duration.ofNanos(1_000_000_000L / ratePerSecond);
        return Flux.fromIterable(urls)
                .index()
                .concatMap(t -> (t.getT1() == 0 ? Mono.just(t.getT2()) : Mono.delay(interval).thenReturn(t.getT2()))
                        .flatMap(url -> fetch(serviceId, url)));
    }

    private Mono<Outcome> fetch(String serviceId, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Mono.just(new Outcome(url, 0, null, "not a valid URL"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getRawAuthority() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return Mono.just(new Outcome(url, 0, null, "not an absolute http(s) URL"));
        }
        boolean https = scheme.equals("https");
        int tlsPort = listeners.tls().getAsInt();
        if (https && tlsPort < 0 && !listeners.forwardsScheme()) {
            return Mono.just(new Outcome(url, 0, null, "this node has no TLS listener to warm https URLs through"));
        }
        CompiledService routed = config.current().route(uri.getRawAuthority());
        if (routed == null || !routed.id().equals(serviceId)) {
            return Mono.just(new Outcome(url, 0, null, "host does not belong to service " + serviceId));
        }
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String host = uri.getHost() != null ? uri.getHost() : HostRouter.hostOnly(uri.getRawAuthority());
        HttpClient via = !https ? client
                : tlsPort >= 0 ? client.secure(spec -> spec.sslContext(ownListenerTls).serverNames(new SNIHostName(host)))
                : client.headers(h -> h.set("X-Forwarded-Proto", "https"));
        String base = https && tlsPort >= 0 ? "https://127.0.0.1:" + tlsPort : "http://127.0.0.1:" + listeners.plain().getAsInt();
        String credential = listeners.fleetCredential().get();
        return via.headers(h -> {
                    h.set("Host", uri.getRawAuthority());
                    if (credential != null) {
                        h.set(dev.cdn.edge.fleet.FleetGate.HEADER, credential); // a shield answers only the fleet
                    }
                })
                .get().uri(base + target)
                .responseSingle((res, body) -> body.then(Mono.just(
                        new Outcome(url, res.status().code(), res.responseHeaders().get("X-Cache"), null))))
                .onErrorResume(e -> Mono.just(new Outcome(url, 0, null, "fetch failed: " + e.getMessage())));
    }
}
