package dev.cdn.edge.esi;

import dev.cdn.edge.local.LocalAnswer;
import dev.cdn.edge.local.LocalExchange;
import dev.cdn.edge.policy.CacheControl;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import reactor.core.publisher.Mono;

/**
 * Fetches fragments in-process through this node's own request path, so each one is exactly a client's request for
 * its URL: the service its host routes to and that service's rule, its own cache key (scheme included), Vary,
 * coalescing with concurrent misses, purges. Only hosts this node serves can answer (anything else gets the edge's
 * 404), so no fragment reaches an address the configuration does not name.
 */
final class LocalFragments {

    /** Request headers a fragment fetch carries from the client's request: what fragments may vary on. */
    private static final List<String> CARRIED = List.of("User-Agent", "Accept", "Accept-Language", "Referer");
    /** Credentials, carried only to the page's own service. */
    private static final List<String> CREDENTIALS = List.of("Cookie", "Authorization");

    private final LocalExchange exchange;
    private final InternalRequest internal;

    /**
     * @param exchange the node's request path with ESI in front, so a fragment that is itself an ESI page is
     *                 assembled (one level deeper)
     */
    LocalFragments(LocalExchange exchange, InternalRequest internal) {
        this.exchange = exchange;
        this.internal = internal;
    }

    /**
     * A source for one page's includes, carrying headers of the client's request and made for that client (the
     * origin sees its address in X-Forwarded-For). A fragment body longer than {@code maxBytes} fails the include.
     */
    FragmentSource forPage(HttpHeaders clientRequest, InetSocketAddress client, InetSocketAddress local,
                           HostPolicy hosts, long maxBytes) {
        return (url, depth) -> {
            boolean sameService = hosts.sameService(url);
            String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            HttpHeaders h = new DefaultHttpHeaders();
            for (String name : CARRIED) {
                copy(clientRequest, h, name);
            }
            if (sameService) {
                CREDENTIALS.forEach(name -> copy(clientRequest, h, name));
            }
            h.set("Host", url.getRawAuthority());
            h.set("Accept-Encoding", "identity");
            h.set(InternalRequest.HEADER, internal.mark(depth));
            String scheme = url.getScheme().toLowerCase(Locale.ROOT);
            return exchange.send(HttpMethod.GET, target, scheme, h, client, local)
                    .flatMap(answer -> fragment(url, answer, maxBytes));
        };
    }

    private static Mono<Fragment> fragment(URI url, LocalAnswer answer, long maxBytes) {
        int status = answer.status();
        if (status < 200 || status > 299) {
            return answer.discard().then(Mono.error(new IllegalStateException("fragment " + url + ": " + status)));
        }
        return answer.bytes(maxBytes).map(bytes -> new Fragment(bytes, browserTtl(answer.headers())));
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
