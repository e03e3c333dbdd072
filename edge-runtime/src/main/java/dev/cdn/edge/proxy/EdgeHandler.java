package dev.cdn.edge.proxy;

import dev.cdn.config.FleetCredential;
import dev.cdn.edge.fleet.FleetGate;

import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.memory.ByteBudget;
import dev.cdn.edge.coalesce.FillLock;
import dev.cdn.edge.coalesce.HitForMiss;
import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.key.KeyBuilder;
import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.key.UriNormalizer;
import dev.cdn.edge.logic.Answer;
import dev.cdn.edge.logs.AccessLog;
import dev.cdn.edge.metrics.EdgeMetrics;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.policy.Invalidation;
import dev.cdn.edge.policy.SelfMadeErrors;
import dev.cdn.edge.protect.FlaggedLog;
import dev.cdn.edge.protect.GeoDatabase;
import dev.cdn.edge.protect.ProtectedRequest;
import dev.cdn.edge.protect.ProtectionMetrics;
import dev.cdn.edge.protect.RateLimitStore;
import dev.cdn.edge.protect.Refusals;
import dev.cdn.edge.protect.Verdict;
import dev.cdn.edge.routing.CompiledRule;
import dev.cdn.edge.routing.HostRouter;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.purge.StorePurger;
import dev.cdn.edge.store.PurgeEpochs;
import dev.cdn.edge.store.Hit;
import dev.cdn.edge.store.DiskTrust;
import dev.cdn.edge.store.DiskTrustGate;
import dev.cdn.edge.store.TieredStorage;
import java.util.Optional;
import dev.cdn.edge.upstream.UpstreamClient;
import dev.cdn.edge.upstream.UpstreamSelector;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The request path, composed in one place: reject malformed and looping requests, route by Host, select the
 * rule, build the key, look up the store, then serve fresh, serve stale while revalidating, or fill through the
 * coalescing lock. Each step is a separately tested unit; this class only sequences them, so it is the one
 * deliberately larger orchestrator of the edge.
 */
public final class EdgeHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(EdgeHandler.class);

    private final String nodeId;
    private final EdgeRole role;
    private final ConfigHolder config;
    private final TieredStorage storage;
    private final StorePurger purger;
    private final UpstreamFetcher fetcher;
    private final MissHandler misses;
    private final StoredResponder responder;
    private final EdgeMetrics metrics;
    private final Clock clock;
    private final UnsafeInvalidator invalidator;
    private final ProtectionMetrics protectionMetrics;
    /** Every service's rate-limit buckets on this edge, bounded (docs/edge-logic.md). */
    private final RateLimitStore rateLimits;
    private final FlaggedLog flaggedLog;
    /** Which requests get debug headers: those carrying their service's debug token. */
    private final dev.cdn.edge.debug.DebugGate debugGate;

    public EdgeHandler(String nodeId, EdgeRole role, ConfigHolder config, TieredStorage storage, PurgeEpochs epochs,
                       StorePurger purger, FillLock lock, HitForMiss hitForMiss, UpstreamClient clients, UpstreamSelector selector,
                       EdgeMetrics metrics, Clock clock, ByteBudget fillBudget) {
        this.nodeId = nodeId;
        this.role = role;
        this.config = config;
        this.storage = storage;
        this.purger = purger;
        this.metrics = metrics;
        this.clock = clock;
        this.invalidator = new UnsafeInvalidator(purger);
        this.protectionMetrics = new ProtectionMetrics(metrics.registry());
        this.rateLimits = new RateLimitStore(clock, RateLimitStore.DEFAULT_MAX_BUCKETS);
        this.flaggedLog = new FlaggedLog(clock);
        this.debugGate = new dev.cdn.edge.debug.DebugGate(metrics.registry());
        this.responder = new StoredResponder(nodeId, role, clock);
        this.fetcher = new UpstreamFetcher(nodeId, role, clients, selector, storage, epochs, responder, metrics, clock,
                fillBudget);
        this.misses = new MissHandler(lock, hitForMiss, epochs, fetcher, responder, metrics, clock, this::landedMeanwhile);
    }

    /** Predictive prefetch (a shield's, when enabled); set once before the listener binds. */
    private volatile dev.cdn.edge.prefetch.ShieldPrefetcher prefetcher;

    public void prefetchWith(dev.cdn.edge.prefetch.ShieldPrefetcher prefetcher) {
        this.prefetcher = prefetcher;
    }

    /** Teaches the prefetcher a finished client GET (never one of its own prefetches) and lets it prefetch. */
    private void prefetch(RequestContext ctx, HttpHeaders h) {
        dev.cdn.edge.prefetch.ShieldPrefetcher p = prefetcher;
        if (p == null || !ctx.method.equals("GET") || h.contains(dev.cdn.edge.prefetch.ShieldPrefetcher.MARKER)) {
            return;
        }
        // A shield's clients are edges: the end user is the first X-Forwarded-For address the edge set.
        String xff = h.get("X-Forwarded-For");
        String client = xff != null ? xff.split(",", 2)[0].strip()
                : ctx.request.remoteAddress() == null ? "unknown" : String.valueOf(ctx.request.remoteAddress().getAddress());
        p.requested(ctx.service.id(), client, ctx.scheme, ctx.authority, ctx.upstreamUri, ctx.response.status().code());
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
        return handle(req, res, false);
    }

    /**
     * The handler of a plain listener behind a load balancer that terminated the clients' TLS: its requests are
     * https, whatever the connection from the balancer is.
     */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> offloadedTls() {
        return (req, res) -> handle(req, res, true);
    }

    private Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res, boolean offloadedTls) {
        long start = System.nanoTime();
        long startMillis = clock.millis();
        HttpHeaders h = req.requestHeaders();
        RequestFraming framing = RequestFraming.check(h);
        if (framing != RequestFraming.OK) {
            // Close too: the rest of the connection's bytes cannot be framed reliably any more.
            res.keepAlive(false);
            return reject(res, framing.status, framing.message);
        }
        if (EdgeHeaders.loops(h, nodeId)) {
            return reject(res, 508, "loop detected: this request already passed through " + nodeId + "\n");
        }
        if (role == EdgeRole.SHIELD) {
            FleetCredential.Refusal refusal = fleetGate.refusal(h.get(FleetGate.HEADER));
            if (refusal != null) {
                metrics.fleetRefused(refusal);
                // A shield that has not fetched the fleet's keys yet cannot tell: worth a retry.
                return refusal == FleetCredential.Refusal.NOT_READY
                        ? reject(res, 503, "fleet-only: " + refusal.name().toLowerCase(java.util.Locale.ROOT) + "\n")
                        : reject(res, 403, "fleet-only: " + refusal.name().toLowerCase(java.util.Locale.ROOT) + "\n");
            }
        }
        String hostHeader = h.get("Host");
        if (hostHeader == null || hostHeader.isBlank()) {
            return reject(res, 400, "a Host header is required\n");
        }
        if (h.getAll("Host").size() > 1) {
            // RFC 9112 3.2: two Hosts let the edge and the origin route the same request differently.
            return reject(res, 400, "exactly one Host header is allowed\n");
        }
        // RFC 9112 3.2.2: an absolute-form target's authority wins over Host (which is still required above).
        String absolute = absoluteAuthority(req.uri());
        String authority = absolute != null ? absolute : hostHeader.trim();
        if (!HostRouter.isPlainAuthority(hostHeader) || absolute != null && !HostRouter.isPlainAuthority(absolute)) {
            return reject(res, 400, "the Host must be a host name or address, optionally with a port\n");
        }
        // One snapshot per request: a config swap mid-request never mixes two versions.
        CompiledService service = config.current().route(authority);
        if (service == null) {
            return reject(res, 404, "no service is configured for this host\n");
        }
        String target = originForm(req.uri());
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? null : target.substring(q + 1);
        String path = UriNormalizer.normalizePath(rawPath);
        String method = req.method().name();
        java.net.InetAddress client = clientAddress(req);
        // One lookup per request, and none on an edge without a geo file.
        String country = geo == GeoDatabase.EMPTY ? null : geo.country(client);
        // Only the tier that faces clients protects: a shield's clients are edges that already did.
        if (role == EdgeRole.EDGE && !service.protection().open()) {
            Verdict verdict = service.protection().check(new ProtectedRequest(method, rawPath, path, rawQuery, h,
                    client, country, clock.millis()), rateLimits);
            if (!verdict.allowed()) {
                protectionMetrics.refused(service.id(), verdict);
                metrics.rejected(verdict.refusal().status());
                return Refusals.send(res, nodeId, verdict);
            }
            if (verdict.flagged() != null) {
                protectionMetrics.flagged(service.id(), verdict.flagged());
                flaggedLog.flagged(service.id(), verdict.flagged(), method, target, String.valueOf(client));
                Refusals.flag(res, verdict.flagged());
            }
            rawQuery = verdict.query();
        }
        String query = rawQuery;
        CompiledRule rule = service.rule(path, method);
        RequestContext ctx = new RequestContext(req, res, service, rule, method, scheme(req, offloadedTls), authority,
                query == null ? path : path + "?" + query, start);
        ctx.country = country;
        if (role == EdgeRole.EDGE && debugGate.check(service.config().settings(), h.get(dev.cdn.edge.debug.DebugToken.HEADER))
                == dev.cdn.edge.debug.DebugOutcome.GRANTED) {
            ctx.debug = new dev.cdn.edge.debug.DebugTrace(nodeId, fetcher.region());
        }
        // Edge logic acts where clients arrive; a shield's requests come from edges that already applied it.
        if (role == EdgeRole.EDGE && !service.logic().isEmpty()) {
            ctx.logic = service.logic().evaluate(new LogicRequestView(ctx, path, query));
        }
        Answer answer = ctx.logic.answer();
        return Mono.defer(() -> answer != null ? answer(ctx, answer)
                        : route(ctx, HostRouter.hostOnly(ctx.authority), rawPath, query))
                .doFinally(signal -> {
                    int code = ctx.response.status().code();
                    // Before the request is counted: a counted request has been learned from (tests wait on it).
                    prefetch(ctx, h);
                    metrics.request(service.id(), ctx.status(), ctx.selfMade, code, ctx.bytes,
                            System.nanoTime() - start, path);
                    metrics.logic().request(service.id(), ctx.logic, ctx.status().name(), code);
                    if (!ctx.logic.assignments().isEmpty()) {
                        // Per-variant counts also go to the control plane's statistics, with the service's own.
                        for (dev.cdn.edge.logic.Assignment a : ctx.logic.assignments()) {
                            metrics.traffic().variantRequest(service.id(), a.experiment(), a.variantName(),
                                    ctx.selfMade ? null : ctx.status(), code);
                        }
                    }
                    AccessLog access = accessLog;
                    if (access != null) {
                        access.record(service.config().settings().logSampleRateOrAll(),
                                () -> AccessRecords.of(ctx, startMillis, nodeId));
                    }
                });
    }

    /** Where access records go (docs/observability.md, "Real-time logs"); null: none are kept. */
    private volatile AccessLog accessLog;

    public void accessLog(AccessLog log) {
        this.accessLog = log;
    }

    /** The response edge logic made itself (redirect, synthetic response, CORS preflight); nothing goes upstream. */
    private Mono<Void> answer(RequestContext ctx, Answer answer) {
        HttpServerResponse res = ctx.response;
        res.status(answer.status());
        answer.headers().forEach(h -> res.responseHeaders().add(h.getKey(), h.getValue()));
        ctx.enter(CachePhase.BYPASS);
        ctx.selfMade = true;
        EdgeHeaders.decorate(res.responseHeaders(), nodeId, CacheStatus.BYPASS,
                CacheStatus.BYPASS.cacheStatusParams() + "; detail=" + answer.kind().token, role, ctx.rule);
        ctx.secretsAndDebug(res.responseHeaders());
        ctx.logic.applyToResponse(res.responseHeaders());
        byte[] body = answer.body();
        res.header("Content-Length", String.valueOf(body.length));
        if (ctx.head || body.length == 0) {
            return res.send();
        }
        ctx.bytes = body.length;
        return res.sendByteArray(Mono.just(body)).then();
    }

    private Mono<Void> route(RequestContext ctx, String host, String rawPath, String rawQuery) {
        String url = KeyBuilder.url(ctx.scheme, host, rawPath, rawQuery, ctx.rule.query());
        boolean cacheableMethod = ctx.method.equals("GET") || ctx.method.equals("HEAD");
        if (!cacheableMethod || ctx.rule.rule().bypass()) {
            String params = cacheableMethod ? "fwd=bypass; detail=rule" : "fwd=method";
            if (Invalidation.unsafe(ctx.method)) {
                // The target as a GET of it is stored: keyed by the rule a GET would match, whose query handling
                // may differ from the rule this method matched.
                String stored = KeyBuilder.url(ctx.scheme, host, rawPath, rawQuery,
                        ctx.service.rule(UriNormalizer.normalizePath(rawPath), "GET").query());
                // RFC 9111 4.4: only once the upstream answered, and only when it did not answer with an error.
                return fetcher.pass(ctx, params, (headers, status) -> invalidator.afterUnsafe(ctx, stored, status,
                        headers));
            }
            return fetcher.pass(ctx, params, null);
        }
        HttpHeaders h = ctx.request.requestHeaders();
        ctx.key = KeyBuilder.key(ctx.service.id(), url, h, ctx.rule.rule().keyHeaders(), ctx.rule.rule().keyCookies());
        if (!ctx.logic.keySuffix().isEmpty()) {
            // Each experiment variant (and each rule that shaped the origin request) is cached apart; the URL is
            // unchanged, so purges by URL, prefix or tag still reach every variant.
            ctx.key = new CacheKey(ctx.key.serviceId(), ctx.key.url(), ctx.key.primary() + ctx.logic.keySuffix());
        }
        List<String> languages = ctx.service.config().settings().languages();
        if (ctx.debug != null) {
            lockKey(ctx); // named (hashed) in the debug headers, hits included
        }
        String storageKey = storageKey(ctx, languages);
        DiskTrust trust = diskTrust.get();
        // A RAM hit is pinned: its body stays in memory until this request is over, whatever the tier evicts meanwhile.
        Hit hit = storageKey == null ? null : storage.lookup(storageKey, trust != DiskTrust.WAITING);
        if (hit instanceof Hit.OnDisk onDisk) {
            return fromDisk(ctx, onDisk, trust);
        }
        if (hit == null) {
            return decide(ctx, null);
        }
        CachedObject obj = hit.meta();
        return Mono.defer(() -> decide(ctx, obj)).doFinally(signal -> obj.payload().unpin());
    }

    /**
     * How far the disk tier may answer. After a restart it may hold objects purged while the node was down, so a
     * node fed by a control plane ignores it (requests fill afresh) until it has replayed what it missed. Set before
     * any listener binds: a request that reached the disk earlier would also have promoted its copy to RAM.
     */
    private volatile Supplier<DiskTrust> diskTrust = DiskTrustGate.ALWAYS;

    public void diskTrust(Supplier<DiskTrust> trust) {
        this.diskTrust = trust;
    }

    /** The operator's IP-to-country table; set before any listener binds. */
    private volatile GeoDatabase geo = GeoDatabase.EMPTY;

    public void geo(GeoDatabase table) {
        this.geo = table;
    }

    /**
     * An L2 hit: fresh is sent straight from the file; anything else needs the body, read off the event loop. An
     * unverified disk (fail-static) answers only fresh objects, marked, and promotes nothing to RAM.
     */
    private Mono<Void> fromDisk(RequestContext ctx, Hit.OnDisk hit, DiskTrust trust) {
        CachedObject meta = hit.meta();
        boolean authOk = !ctx.authorization || meta.authShareable();
        boolean verified = trust == DiskTrust.TRUSTED;
        if (!verified && !(authOk && meta.isFresh(clock.millis()))) {
            return decide(ctx, null);
        }
        if (authOk && meta.isFresh(clock.millis())) {
            // Open before answering: a purge may delete the file at any moment, and once headers are out a
            // missing file could only end in a broken response. A file gone (or found damaged) by now is a miss.
            return storage.open(hit).map(Optional::of)
                    .onErrorResume(java.io.IOException.class, e -> Mono.just(Optional.empty()))
                    .flatMap(body -> {
                        if (body.isEmpty()) {
                            return decide(ctx, null);
                        }
                        ctx.enter(CachePhase.HIT);
                        if (!verified) {
                            metrics.diskUnverifiedHit();
                            return responder.serveFile(ctx, meta, body.get(), "detail=disk-unverified");
                        }
                        storage.promote(hit);
                        return responder.serveFile(ctx, meta, body.get(), "detail=disk");
                    });
        }
        return storage.load(hit).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(loaded -> decide(ctx, loaded.orElse(null)));
    }

    /** Serve fresh, serve stale while revalidating, or fill through the coalescing lock. */
    private Mono<Void> decide(RequestContext ctx, CachedObject obj) {
        Delivery delivery = ctx.head ? Delivery.HEADERS : Delivery.STREAM;
        if (obj != null && ctx.authorization && !obj.authShareable()) {
            return fetcher.pass(ctx, "fwd=request; detail=authorization", null);
        }
        long now = clock.millis();
        if (obj != null) {
            if (obj.isFresh(now)) {
                ctx.enter(CachePhase.HIT);
                return responder.serve(ctx, obj, null);
            }
            if (obj.swrSeconds() > 0 && obj.withinStaleWhileRevalidate(now)) {
                lockKey(ctx);
                misses.revalidateInBackground(ctx, obj);
                metrics.staleServed(CacheStatus.UPDATING);
                ctx.enter(CachePhase.STALE_UPDATING);
                return responder.serve(ctx, obj, null);
            }
        }
        lockKey(ctx);
        return misses.fill(ctx, obj, delivery);
    }

    /**
     * Sets the key the request's fill is coalesced on: the variant the rule's Vary names select. Built only for the
     * requests that fill or revalidate (and debug ones): a fresh hit never needs it.
     */
    private static void lockKey(RequestContext ctx) {
        if (ctx.lockKey == null) {
            ctx.lockKey = ctx.key.storageKey(KeyBuilder.variant(ctx.request.requestHeaders(), ctx.rule.varyNames(),
                    ctx.service.config().settings().languages()));
        }
    }

    /**
     * The fresh RAM object this request may be answered from now, pinned (the caller unpins it), or null. Asked by a
     * request that became a fill's writer after its own lookup missed: a fill that ended in between left its object
     * in RAM (a fill stores before it lets the key go). Disk-only objects are not looked for: opening one is I/O, and
     * such a request fetches as before.
     */
    private CachedObject landedMeanwhile(RequestContext ctx) {
        String storageKey = storageKey(ctx, ctx.service.config().settings().languages());
        CachedObject obj = storageKey == null ? null : storage.pinned(storageKey);
        if (obj == null) {
            return null;
        }
        if (obj.isFresh(clock.millis()) && (!ctx.authorization || obj.authShareable())) {
            return obj;
        }
        obj.payload().unpin();
        return null;
    }

    /** The storage key of the variant this request selects, or null when nothing is stored for its URL. */
    private String storageKey(RequestContext ctx, List<String> languages) {
        List<String> vary = storage.varyNames(ctx.key.primary());
        if (vary == null) {
            return null;
        }
        String variant = KeyBuilder.variant(ctx.request.requestHeaders(), vary, languages);
        // Once the lock key is built (a fill's writer looking again), it is often this very key.
        String lockKey = ctx.lockKey;
        return lockKey != null && ctx.key.isStorageKey(lockKey, variant) ? lockKey : ctx.key.storageKey(variant);
    }

    private Mono<Void> reject(HttpServerResponse res, int status, String text) {
        metrics.rejected(status);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return res.status(status)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Content-Length", String.valueOf(bytes.length))
                .header("Cache-Control", "no-store")
                .header("Via", "1.1 " + nodeId)
                .sendByteArray(Mono.just(bytes))
                .then();
    }

    /** Which requests a shield answers (docs/routing.md, "Fleet trust"); every request for a standalone node. */
    private volatile FleetGate fleetGate = FleetGate.OPEN;

    /**
     * Fleet trust: a shield checks each request against {@code gate}, and any node presents {@code credential} to its
     * shields.
     */
    public void fleet(FleetGate gate, java.util.function.Supplier<String> credential) {
        this.fleetGate = gate;
        fetcher.fleetCredential(credential);
    }

    /** The fleet credential this node presents to shields now, or null (none yet, or a standalone node). */
    public String fleetCredential() {
        return fetcher.fleetCredential();
    }

    /**
     * How the client reached the edge tier. An edge knows from its own listener and never believes a client's
     * X-Forwarded-Proto; a shield's clients are edges (checked by its fleet gate before this), so it takes the scheme
     * the edge forwarded (how the edge reached the shield says nothing about how the end client reached the edge).
     */
    private String scheme(HttpServerRequest req, boolean offloadedTls) {
        if (role == EdgeRole.SHIELD) {
            String forwarded = req.requestHeaders().get("X-Forwarded-Proto");
            if ("https".equals(forwarded) || "http".equals(forwarded)) {
                return forwarded;
            }
        }
        return offloadedTls || req.scheme().equals("https") ? "https" : "http";
    }

    private static java.net.InetAddress clientAddress(HttpServerRequest req) {
        java.net.InetSocketAddress remote = req.remoteAddress();
        return remote == null ? null : remote.getAddress();
    }

    /** The authority of an absolute-form request target, or null for any other form (or an empty authority). */
    static String absoluteAuthority(String uri) {
        int scheme = schemeLength(uri);
        if (scheme < 0) {
            return null;
        }
        int end = scheme;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        // Userinfo is kept, so the check that follows refuses it (RFC 9110 4.2.4: a recipient treats it as an error).
        String authority = uri.substring(scheme, end);
        return authority.isEmpty() ? null : authority;
    }

    /** The path and query of a request target, whether it came in origin-form or absolute-form. */
    static String originForm(String uri) {
        if (schemeLength(uri) > 0) {
            int slash = uri.indexOf('/', schemeLength(uri));
            return slash < 0 ? "/" : uri.substring(slash);
        }
        int hash = uri.indexOf('#');
        return hash < 0 ? uri : uri.substring(0, hash);
    }

    /** The length of an absolute-form target's {@code http://} or {@code https://} (any case), else -1. */
    private static int schemeLength(String uri) {
        return uri.regionMatches(true, 0, "http://", 0, 7) ? 7 : uri.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
    }
}
