package dev.cdn.edge.proxy;

import dev.cdn.config.UrlProbe;
import dev.cdn.config.UrlProbeAnswer;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.key.KeyBuilder;
import dev.cdn.edge.key.UriNormalizer;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.routing.CompiledRule;
import dev.cdn.edge.routing.HostRouter;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.store.DiskStorage;
import dev.cdn.edge.store.TieredStorage;
import dev.cdn.edge.upstream.UpstreamSelector;
import dev.cdn.edge.upstream.UpstreamTarget;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers the URL debugger: traces one URL through the same steps as the request path (route by host, select the
 * rule, build the key, look both tiers up, choose the upstream) without serving, fetching or changing anything, and
 * says what a request would get now. It reads the tiers' indexes only: no body is touched, nothing is promoted.
 */
public final class UrlTracer {

    private final String nodeId;
    private final EdgeRole role;
    private final ConfigHolder config;
    private final TieredStorage storage;
    private final UpstreamSelector selector;
    private final Clock clock;

    public UrlTracer(String nodeId, EdgeRole role, ConfigHolder config, TieredStorage storage, UpstreamSelector selector,
                     Clock clock) {
        this.nodeId = nodeId;
        this.role = role;
        this.config = config;
        this.storage = storage;
        this.selector = selector;
        this.clock = clock;
    }

    public UrlProbeAnswer trace(UrlProbe probe) {
        URI uri;
        try {
            uri = new URI(probe.url());
        } catch (java.net.URISyntaxException e) {
            return failed(probe, "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!KeyBuilder.SCHEMES.contains(scheme) || uri.getRawAuthority() == null) {
            return failed(probe, "not an absolute http or https URL");
        }
        String authority = uri.getRawAuthority();
        CompiledService service = config.current().route(authority);
        if (service == null) {
            return failed(probe, "no service is configured for host " + authority + " on this node");
        }
        if (!service.id().equals(probe.serviceId())) {
            return failed(probe, "host " + authority + " belongs to another service on this node");
        }
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String rawQuery = uri.getRawQuery();
        String method = probe.method().toUpperCase(Locale.ROOT);
        String path = UriNormalizer.normalizePath(rawPath);
        CompiledRule rule = service.rule(path, method);
        String url = KeyBuilder.url(scheme, HostRouter.hostOnly(authority), rawPath, rawQuery, rule.query());
        HttpHeaders request = new DefaultHttpHeaders();
        probe.headers().forEach(request::add);
        CacheKey key = KeyBuilder.key(service.id(), url, request, rule.rule().keyHeaders(), rule.rule().keyCookies());
        boolean bypass = !(method.equals("GET") || method.equals("HEAD")) || rule.rule().bypass();
        List<String> languages = service.config().settings().languages();
        List<String> stored = storage.varyNames(key.primary());
        String storageKey = key.storageKey(KeyBuilder.variant(request, stored != null ? stored : rule.varyNames(), languages));
        UpstreamTarget first = selector.select(service, rule, key.primary()).first();
        String upstream = (first.shield() ? "shield " : "origin ") + first.host() + ":" + first.port();

        CachedObject inMemory = storage.memory().get(storageKey);
        DiskStorage.DiskEntry onDisk = storage.disk() == null ? null : storage.disk().get(storageKey);
        CachedObject obj = inMemory != null ? inMemory : onDisk != null ? onDisk.meta() : null;
        long now = clock.millis();
        CacheStatus outcome;
        List<List<String>> headers = new ArrayList<>();
        if (bypass) {
            outcome = CacheStatus.BYPASS;
        } else if (obj == null) {
            outcome = CacheStatus.MISS;
        } else if (obj.isFresh(now) || obj.swrSeconds() > 0 && obj.withinStaleWhileRevalidate(now)) {
            outcome = obj.isFresh(now) ? CacheStatus.HIT : CacheStatus.UPDATING;
            HttpHeaders out = new DefaultHttpHeaders();
            StoredResponder.copyHeaders(role, obj.headers(), out);
            out.set("Age", String.valueOf(obj.currentAge(now)));
            EdgeHeaders.decorate(out, nodeId, outcome, outcome.cacheStatusParams() + "; ttl=" + obj.remainingTtl(now), role, rule);
            // As a client would get it: an origin's echo of the origin-authentication field is not shown either.
            dev.cdn.edge.secrets.OriginAuthHeader.stripFromResponse(service.config().settings(), out);
            dev.cdn.edge.debug.DebugTrace.strip(out);
            for (Map.Entry<String, String> h : out) {
                headers.add(List.of(h.getKey(), h.getValue()));
            }
        } else {
            outcome = CacheStatus.EXPIRED;
        }
        return new UrlProbeAnswer(probe.id(), nodeId, role.wireName(), null, service.version(), rule.rule().name(),
                readable(storageKey), bypass, upstream, inMemory != null, onDisk != null,
                obj == null ? null : obj.status(), obj == null ? null : obj.currentAge(now),
                obj == null ? null : obj.remainingTtl(now), outcome.name(), headers);
    }

    /** The storage key with its separators (control characters no URL or header value carries) shown as {@code |}. */
    static String readable(String storageKey) {
        StringBuilder out = new StringBuilder(storageKey.length());
        for (int i = 0; i < storageKey.length(); i++) {
            char c = storageKey.charAt(i);
            out.append(c < ' ' ? '|' : c);
        }
        return out.toString();
    }

    private UrlProbeAnswer failed(UrlProbe probe, String error) {
        return UrlProbeAnswer.failed(probe.id(), nodeId, role.wireName(), error);
    }
}
