package dev.cdn.edge.prefetch;

import dev.cdn.edge.fleet.FleetGate;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * A prefetch as a GET to the shield's own plain listener on loopback, so the object takes the normal request path
 * and lands in the shield's tiers. The scheme goes as {@code X-Forwarded-Proto}, which a shield takes from its
 * clients, so an https page's successors are stored under their https keys.
 */
public final class LoopbackFetch implements ShieldPrefetcher.Fetch {

    private final IntSupplier port;
    private final Supplier<String> fleetCredential;
    private final HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(30));

    /**
     * @param fleetCredential this node's fleet credential, or null when it has none: a shield with fleet trust
     *                        answers only requests that present one, its own prefetches included
     */
    public LoopbackFetch(IntSupplier port, Supplier<String> fleetCredential) {
        this.port = port;
        this.fleetCredential = fleetCredential;
    }

    @Override
    public Mono<Long> get(String scheme, String authority, String pathAndQuery) {
        String credential = fleetCredential.get();
        return client.headers(h -> {
                    h.set("Host", authority).set("X-Forwarded-Proto", scheme).set(ShieldPrefetcher.MARKER, "1");
                    if (credential != null) {
                        h.set(FleetGate.HEADER, credential);
                    }
                })
                .get().uri("http://127.0.0.1:" + port.getAsInt() + pathAndQuery)
                .responseSingle((res, body) -> res.status().code() >= 400
                        ? Mono.error(new IllegalStateException("prefetch answered " + res.status().code()))
                        : body.map(b -> (long) b.readableBytes()).defaultIfEmpty(0L));
    }
}
