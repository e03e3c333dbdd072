package dev.cdn.edge.purge;

import dev.cdn.config.PurgeCommand;
import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.key.KeyBuilder;
import dev.cdn.edge.key.QueryFilter;
import dev.cdn.edge.key.UriNormalizer;
import dev.cdn.edge.routing.CompiledRule;
import dev.cdn.edge.routing.HostRouter;
import dev.cdn.edge.coalesce.FillLock;
import dev.cdn.edge.store.PurgeEpochs;
import dev.cdn.edge.store.Storage;
import dev.cdn.config.QueryMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Purges through the store's indexes. URLs are normalized exactly as the request path builds keys (the rule that
 * matches the URL's path decides the query treatment), so a purge names the same objects a request would find.
 * Every purge works in three steps, in this order: it records its epochs ({@link PurgeEpochs}: per URL, surrogate
 * key or prefix; service-wide only for purge-all), so fills in flight that it names are not stored; it detaches
 * those fills from the {@link FillLock}, so no request admitted from now on joins them; then it removes the stored
 * objects, durably on disk. When it returns (and the purge is acknowledged), a new request can only miss and fetch
 * afresh. Blocking on disk I/O: callers must not be on an event loop.
 */
public final class StorePurger implements Purger {

    private final Storage storage;
    private final PurgeEpochs epochs;
    private final FillLock fills;
    private final Supplier<ConfigHolder> config;

    public StorePurger(Storage storage, PurgeEpochs epochs, FillLock fills, Supplier<ConfigHolder> config) {
        this.storage = storage;
        this.epochs = epochs;
        this.fills = fills;
        this.config = config;
    }

    /**
     * Invalidates one normalized key URL (every variant), as a state-changing request to it does (RFC 9111 4.4):
     * only that URL's fills and objects are touched. Safe on an event loop: the epoch and the detach take effect
     * at once (no fill of the URL is stored or joined from here on); the stored objects are removed off the loop,
     * and the returned Mono completes with how many went.
     */
    public Mono<Integer> invalidateUrl(String serviceId, String keyUrl) {
        epochs.purgeUrl(serviceId, keyUrl);
        fills.detachPurged();
        return Mono.fromCallable(() -> {
            int count = storage.purgeUrl(serviceId, keyUrl, false);
            epochs.awaitStores();
            return count;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Drops everything of a service (it stops being served). */
    public int purgeService(String serviceId) {
        epochs.purgeAll(serviceId);
        fills.detachPurged();
        int count = storage.purgeService(serviceId, false);
        epochs.awaitStores();
        return count;
    }

    @Override
    public PurgeResult purge(PurgeCommand command) {
        String serviceId = Objects.requireNonNull(command.serviceId(), "serviceId is required");
        if (command.kind() == null) {
            throw new IllegalArgumentException("kind is required (url, tag, prefix or all)");
        }
        boolean soft = command.soft();
        record(serviceId, command);
        fills.detachPurged();
        int count = 0;
        switch (command.kind()) {
            case ALL -> count = storage.purgeService(serviceId, soft);
            case TAG -> {
                for (String tag : command.values()) {
                    count += storage.purgeTag(serviceId, tag, soft);
                }
            }
            case URL -> {
                for (String url : command.values()) {
                    // http and https copies are separate objects (see KeyBuilder); a URL purge means both.
                    for (String scheme : KeyBuilder.SCHEMES) {
                        count += storage.purgeUrl(serviceId, normalizeUrl(serviceId, url, scheme), soft);
                    }
                }
            }
            case PREFIX -> {
                for (String prefix : command.values()) {
                    for (String scheme : KeyBuilder.SCHEMES) {
                        count += storage.purgePrefix(serviceId, normalizePrefix(prefix, scheme), soft);
                    }
                }
            }
        }
        // A fill that checked its epochs before this purge recorded them may be putting its object right now; its
        // re-check undoes that, and this waits for it, so nothing purged is left once the purge is acknowledged.
        epochs.awaitStores();
        return new PurgeResult(serviceId, command.kind(), soft, count);
    }

    /** Records the purge's epochs under exactly what it names, before anything is removed. */
    private void record(String serviceId, PurgeCommand command) {
        switch (command.kind()) {
            case ALL -> epochs.purgeAll(serviceId);
            case TAG -> command.values().forEach(tag -> epochs.purgeTag(serviceId, tag));
            case URL -> {
                for (String url : command.values()) {
                    for (String scheme : KeyBuilder.SCHEMES) {
                        epochs.purgeUrl(serviceId, normalizeUrl(serviceId, url, scheme));
                    }
                }
            }
            case PREFIX -> {
                for (String prefix : command.values()) {
                    for (String scheme : KeyBuilder.SCHEMES) {
                        epochs.purgePrefix(serviceId, normalizePrefix(prefix, scheme));
                    }
                }
            }
        }
    }

    /** The key URL for an absolute URL requested over {@code scheme}, under the rule its path selects. */
    String normalizeUrl(String serviceId, String url, String scheme) {
        URI uri = parse(url);
        String path = UriNormalizer.normalizePath(uri.getRawPath());
        CompiledService service = config.get().current().service(serviceId);
        QueryFilter query = service == null ? QueryFilter.of(QueryMode.ALL, java.util.List.of())
                : service.rule(path, "GET").query();
        return KeyBuilder.url(scheme, HostRouter.hostOnly(uri.getRawAuthority()), uri.getRawPath(), uri.getRawQuery(),
                query);
    }

    static String normalizePrefix(String prefix, String scheme) {
        URI uri = parse(prefix);
        String raw = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String path = UriNormalizer.normalizePath(raw);
        // normalizePath adds no slash a prefix did not have, except for the root; keep "/img" matching "/img2".
        if (!raw.endsWith("/") && path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        String query = uri.getRawQuery() == null ? "" : "?" + UriNormalizer.normalizePercent(uri.getRawQuery());
        return scheme + "://" + HostRouter.hostOnly(uri.getRawAuthority()) + path + query;
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawAuthority() == null || uri.getScheme() == null) {
                throw new IllegalArgumentException("'" + url + "' is not an absolute URL such as http://example.com/path");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getReason(), e);
        }
    }
}
