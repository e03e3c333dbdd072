package dev.cdn.edge.proxy;

import dev.cdn.edge.key.KeyBuilder;
import dev.cdn.edge.key.UriNormalizer;
import dev.cdn.edge.policy.Invalidation;
import dev.cdn.edge.routing.HostRouter;
import dev.cdn.edge.store.Generations;
import dev.cdn.edge.store.Storage;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies RFC 9111 §4.4 once the upstream answered an unsafe request: on a 2xx/3xx, every stored variant of the
 * target URL, and of same-origin Location / Content-Location URLs, is removed; on any other answer, nothing.
 * Decisions come from {@link Invalidation}; URLs are keyed as a request for them would be.
 */
final class UnsafeInvalidator {

    private final Storage storage;
    private final Generations generations;

    UnsafeInvalidator(Storage storage, Generations generations) {
        this.storage = storage;
        this.generations = generations;
    }

    /** Called with the upstream's status and headers before they are relayed; {@code url} is the target's key URL. */
    void afterUnsafe(RequestContext ctx, String url, int status, HttpHeaders response) {
        if (!Invalidation.invalidates(status)) {
            return;
        }
        List<String> urls = new ArrayList<>();
        urls.add(url);
        List<String> locations = new ArrayList<>(response.getAll("Location"));
        locations.addAll(response.getAll("Content-Location"));
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
        // Fills that started before this answer may hold the old representation: they must not be stored.
        generations.bump(ctx.service.id());
        for (String u : urls) {
            storage.purgeUrl(ctx.service.id(), u, false);
        }
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
