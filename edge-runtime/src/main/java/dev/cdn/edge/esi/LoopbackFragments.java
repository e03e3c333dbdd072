package dev.cdn.edge.esi;

import dev.cdn.edge.policy.CacheControl;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Fetches fragments through this node's own client listener, so each one takes the whole request path: its own
 * service and rule, its own cache key, coalescing with concurrent misses, purges. Only hosts this node serves can
 * answer (anything else gets the edge's 404), so no fragment reaches an address the configuration does not name.
 */
final class LoopbackFragments {

    /** Request headers a fragment fetch carries from the client's request: what fragments may vary on. */
    private static final List<String> CARRIED = List.of("User-Agent", "Accept", "Accept-Language", "Referer");
    /** Credentials, carried only to the page's own service. */
    private static final List<String> CREDENTIALS = List.of("Cookie", "Authorization");

    private final HttpClient client;
    private final IntSupplier ownPort;
    private final InternalRequest internal;

    LoopbackFragments(HttpClient client, IntSupplier ownPort, InternalRequest internal) {
        this.client = client;
        this.ownPort = ownPort;
        this.internal = internal;
    }

    /** A source for one page's includes, carrying headers of the client's request. */
    FragmentSource forPage(HttpHeaders clientRequest, HostPolicy hosts) {
        return (url, depth) -> {
            boolean sameService = hosts.sameService(url);
            String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            return client.headers(h -> {
                        for (String name : CARRIED) {
                            copy(clientRequest, h, name);
                        }
                        if (sameService) {
                            CREDENTIALS.forEach(name -> copy(clientRequest, h, name));
                        }
                        h.set("Host", url.getRawAuthority());
                        h.set("Accept-Encoding", "identity");
                        h.set(InternalRequest.HEADER, internal.mark(depth));
                    })
                    .get().uri("http://127.0.0.1:" + ownPort.getAsInt() + target)
                    .responseSingle((res, body) -> {
                        int status = res.status().code();
                        if (status < 200 || status > 299) {
                            return body.then(Mono.error(new IllegalStateException("fragment " + url + ": " + status)));
                        }
                        return body.asByteArray().defaultIfEmpty(new byte[0])
                                .map(bytes -> new Fragment(bytes, browserTtl(res.responseHeaders())));
                    });
        };
    }

    /** What a response lets browsers keep: 0 for no-store, no-cache or private-to-nobody, else max-age, else none. */
    static long browserTtl(HttpHeaders response) {
        CacheControl cc = CacheControl.parse(response.getAll("Cache-Control"));
        if (cc.has("no-store") || cc.has("no-cache")) {
            return 0;
        }
        OptionalLong maxAge = cc.seconds("max-age");
        return maxAge.isPresent() ? maxAge.getAsLong() : Fragment.NO_TTL;
    }

    private static void copy(HttpHeaders from, HttpHeaders to, String name) {
        List<String> values = from.getAll(name);
        if (!values.isEmpty()) {
            to.set(name, values);
        }
    }
}
