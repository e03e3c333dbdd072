package dev.cdn.edge.proxy;

import dev.cdn.edge.key.KeyBuilder;
import dev.cdn.edge.key.UriNormalizer;
import dev.cdn.edge.policy.Invalidation;
import dev.cdn.edge.routing.HostRouter;
import dev.cdn.edge.purge.StorePurger;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies RFC 9111 §4.4 once the upstream answered an unsafe request: on a 2xx/3xx, every stored variant of the
 * target URL, and of same-origin Location / Content-Location URLs, is removed; on any other answer, nothing.
 * Decisions come from {@link Invalidation}; URLs are keyed as a request for them would be.
 */
final class UnsafeInvalidator {

    private final StorePurger purger;

    UnsafeInvalidator(StorePurger purger) {
        this.purger = purger;
    }

    /** Called with the upstream's status and headers; what it returns completes before they are relayed; {@code url} is the target's key URL. */
    Mono<Void> afterUnsafe(RequestContext ctx, String url, int status, HttpHeaders response) {
        if (!Invalidation.invalidates(status)) {
            return Mono.empty();
        }
        List<String> urls = new ArrayList<>();
        urls.add(url);
        // Both are singletons (RFC 9110 10.2.2, 8.7): the first of each, so a response listing hundreds cannot make
        // one request hundreds of invalidations.
        List<String> locations = new ArrayList<>(2);
        for (String name : List.of("Location", "Content-Location")) {
            String first = response.get(name);
            if (first != null) {
                locations.add(first);
            }
        }
        if (!locations.isEmpty()) {
            URI target = targetUri(ctx);
            if (target != null) {
                for (URI u : Invalidation.sameOrigin(target, locations)) {
                    String path = UriNormalizer.normalizePath(u.getRawPath());
                    urls.add(KeyBuilder.url(ctx.scheme, HostRouter.hostOnly(u.getRawAuthority()), u.getRawPath(),
                            u.getRawQuery(), ctx.service.rule(path, "GET").query()));
                }
            }
        }
        // Per URL (its purge epoch), so fills of other URLs of the service go on and are stored; fills of these
        // URLs that started before this answer may hold the old representation and are not stored.
        return Flux.fromIterable(urls).concatMap(u -> purger.invalidateUrl(ctx.service.id(), u)).then();
    }

    /** The target URI as the client named it (scheme it used, its Host), or null when it is not a valid URI. */
    private static URI targetUri(RequestContext ctx) {
        try {
            return new URI(ctx.scheme + "://" + ctx.authority + ctx.upstreamUri);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
