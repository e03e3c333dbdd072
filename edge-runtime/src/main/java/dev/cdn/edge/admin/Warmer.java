package dev.cdn.edge.admin;

import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigHolder;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Cache warming: fetches a list of URLs through this node's own client listener, so each one takes the normal
 * request path (routing, rules, coalescing, admission, both tiers), at a bounded rate, and reports each URL's
 * outcome. A URL whose host does not route to the named service is refused, not fetched.
 */
public final class Warmer {

    /** Bounds of one warm request. */
    static final int MAX_URLS = 10_000;
    static final int MAX_RATE = 1000;

    private final ConfigHolder config;
    private final IntSupplier port;
    private final HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(30));

    Warmer(ConfigHolder config, IntSupplier port) {
        this.config = config;
        this.port = port;
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
        if (uri.getRawAuthority() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
            return Mono.just(new Outcome(url, 0, null, "not an absolute http URL"));
        }
        CompiledService routed = config.current().route(uri.getRawAuthority());
        if (routed == null || !routed.id().equals(serviceId)) {
            return Mono.just(new Outcome(url, 0, null, "host does not belong to service " + serviceId));
        }
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return client.headers(h -> h.set("Host", uri.getRawAuthority()))
                .get().uri("http://127.0.0.1:" + port.getAsInt() + target)
                .responseSingle((res, body) -> body.then(Mono.just(
                        new Outcome(url, res.status().code(), res.responseHeaders().get("X-Cache"), null))))
                .onErrorResume(e -> Mono.just(new Outcome(url, 0, null, "fetch failed: " + e.getMessage())));
    }
}
