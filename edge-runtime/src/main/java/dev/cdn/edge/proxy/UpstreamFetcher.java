package dev.cdn.edge.proxy;

import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.memory.ByteBudget;
import dev.cdn.edge.coalesce.Fill;
import dev.cdn.edge.coalesce.FillPump;
import dev.cdn.edge.coalesce.FillResult;
import dev.cdn.edge.coalesce.FillStream;
import dev.cdn.edge.key.KeyBuilder;
import dev.cdn.edge.local.WithheldHeaderObserver;
import dev.cdn.edge.metrics.EdgeMetrics;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.policy.Freshness;
import dev.cdn.edge.policy.NoCacheReason;
import dev.cdn.edge.policy.SelfMadeErrors;
import dev.cdn.edge.policy.StoreDecision;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.store.PurgeEpochs;
import dev.cdn.edge.store.Storage;
import dev.cdn.edge.upstream.BulkheadFull;
import dev.cdn.edge.upstream.Failover;
import dev.cdn.edge.upstream.HopByHop;
import dev.cdn.edge.upstream.StaleDeadlineExceeded;
import dev.cdn.edge.upstream.UpstreamClient;
import dev.cdn.edge.upstream.OriginAddressGuard;
import dev.cdn.edge.upstream.UpstreamError;
import dev.cdn.edge.upstream.UpstreamPlan;
import dev.cdn.edge.upstream.UpstreamSelector;
import dev.cdn.edge.upstream.UpstreamTarget;
import dev.cdn.edge.upstream.UpstreamTimeouts;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Talks to the upstream for one request. A fill fetches a cacheable GET (conditionally when a stale object has
 * validators), decides with {@link Freshness} whether the response may be stored, and hands a storable body to its
 * {@link Fill}, which stores it unless a purge happened meanwhile and publishes the result to the requests coalesced
 * on it; the client reads the body like any waiter. A pass forwards any method and body without touching the store.
 */
final class UpstreamFetcher {

    private static final Logger log = LoggerFactory.getLogger(UpstreamFetcher.class);
    /** Request fields not sent on a fill: the edge fetches the whole, current representation for everyone. */
    private static final Set<String> FILL_SKIP = union(Set.of("host", "if-none-match", "if-modified-since", "if-range",
            "range", "if-match", "if-unmodified-since", "accept-encoding", "cdn-loop", "via", "cookie", "expect"),
            union(ForwardedFields.FORWARDING, ForwardedFields.NEVER_FORWARDED));
    private static final Set<String> PASS_SKIP = union(Set.of("host", "cdn-loop", "via"),
            union(ForwardedFields.FORWARDING, ForwardedFields.NEVER_FORWARDED));

    private static final String IDLE_HANDLER = "cdn.upstreamIdle";

    private final String nodeId;
    private final EdgeRole role;
    private final UpstreamClient clients;
    private final UpstreamSelector selector;
    private final FillObjects objects;
    private final StoredResponder responder;
    private final EdgeMetrics metrics;
    private final Clock clock;
    private final ByteBudget fillBudget;

    UpstreamFetcher(String nodeId, EdgeRole role, UpstreamClient clients, UpstreamSelector selector, Storage storage,
                    PurgeEpochs epochs, StoredResponder responder, EdgeMetrics metrics,
                    Clock clock, ByteBudget fillBudget) {
        this.fillBudget = fillBudget;
        this.nodeId = nodeId;
        this.role = role;
        this.clients = clients;
        this.selector = selector;
        this.objects = new FillObjects(storage, epochs);
        this.responder = responder;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Fetches a cacheable GET for {@code fill}, which it ends; {@code stale} (nullable) is revalidated. */
    Mono<Void> fill(RequestContext ctx, CachedObject stale, Fill fill, Delivery delivery) {
        // The purge epoch the fill started at: it is stored only if nothing naming it is purged after this.
        long generation = fill.epoch();
        long requestTime = clock.millis();
        UpstreamPlan plan = selector.select(ctx.service, ctx.rule, ctx.key.primary(), ctx.logic.originPool(),
                ctx.logic.bypassesShield());
        HttpHeaders client = ctx.request.requestHeaders();
        // A stale copy that may be served on error is served as soon as the upstream is slow to answer.
        boolean staleAtHand = stale != null && stale.withinStaleIfError(requestTime);
        UpstreamTimeouts timeouts = clients.timeouts();
        return plan.run("GET", target -> clients.client(target)
                .headers(h -> upstreamHeaders(ctx, client, h, target, true, stale))
                .responseTimeout(timeouts.firstByte(target, staleAtHand))
                .request(HttpMethod.GET)
                .uri(ctx.fillUri())
                .responseConnection((up, conn) -> onFill(ctx, up, conn, stale, fill, delivery, generation, requestTime,
                        target))
                .then()
                .onErrorMap(err -> staleAtHand && UpstreamError.status(err) == 504 && !Failover.failedToConnect(err),
                        StaleDeadlineExceeded::new), (target, err) -> onFillError(ctx, err, stale, fill, delivery, target))
                .doFinally(signal -> fill.requestDone());
    }

    private Mono<Void> onFill(RequestContext ctx, HttpClientResponse up, Connection conn, CachedObject stale,
                              Fill fill, Delivery delivery, long generation, long requestTime,
                              UpstreamTarget target) {
        long responseTime = clock.millis();
        int status = up.status().code();
        HttpHeaders uh = up.responseHeaders();
        ctx.viaShield = target.shield();
        ctx.upstreamMillis = Math.max(0, responseTime - requestTime);
        metrics.upstreamFetch(ctx.service.id(), target.shield(), (target.shield() ? "shield-" : "origin-") + status / 100 + "xx");
        metrics.upstreamResponseTime(ctx.service.id(), target.shield(), responseTime - requestTime);
        metrics.upstreamFirstByte(target.shield(), java.time.Duration.ofMillis(Math.max(0, responseTime - requestTime)));
        if (!ctx.logic.assignments().isEmpty()) {
            metrics.logic().originLatency(ctx.service.id(), ctx.logic, Duration.ofMillis(responseTime - requestTime));
            if (!target.shield()) {
                for (dev.cdn.edge.logic.Assignment a : ctx.logic.assignments()) {
                    metrics.traffic().variantOriginFetch(ctx.service.id(), a.experiment(), a.variantName(),
                            responseTime - requestTime);
                }
            }
        }
        if (stale != null && status == 304) {
            FillObjects.Revalidation r = objects.refresh(ctx, stale, uh, requestTime, responseTime, generation);
            if (r.notStorable() != null) {
                fill.notShareable(r.notStorable()); // waiters revalidate for themselves
                metrics.notStored(ctx.service.id(), r.notStorable());
            } else {
                fill.finish(FillResult.filled(r.object()));
            }
            return drain(conn).then(deliverStored(ctx, r.object(), CachePhase.REVALIDATED, delivery));
        }
        if (stale != null && status >= 500 && stale.withinStaleIfError(responseTime)) {
            fill.finish(FillResult.failed(status));
            metrics.staleServed(CacheStatus.STALE);
            return drain(conn).then(deliverStored(ctx, stale, CachePhase.STALE_ON_ERROR, delivery));
        }
        ServiceSettings settings = ctx.service.config().settings();
        StoreDecision decision = Freshness.decide(ctx.authorization, status, uh, ctx.rule.rule(), settings,
                requestTime, responseTime);
        long contentLength = contentLength(uh);
        if (decision.storable() && contentLength > settings.maxObjectBytes()) {
            decision = StoreDecision.no(NoCacheReason.TOO_LARGE);
        }
        CacheStatus fetched = stale == null ? CacheStatus.MISS : CacheStatus.EXPIRED;
        String params = fetched.cacheStatusParams() + "; fwd-status=" + status;
        // A shield that served its own stale copy (its origin failing) makes this a stale answer for the client too.
        boolean upstreamStale = target.shield() && CacheStatus.STALE.name().equals(uh.get("X-Cache"));
        if (upstreamStale) {
            metrics.staleServed(CacheStatus.STALE);
            if (delivery != Delivery.NONE) {
                ctx.enter(CachePhase.STALE_ON_ERROR);
            }
        }
        String staleDetail = upstreamStale ? "; detail=upstream-stale" : "";
        if (!decision.storable()) {
            fill.notShareable(decision.reason());
            metrics.notStored(ctx.service.id(), decision.reason());
            String detail = params + "; detail=" + decision.reason().token();
            return deliverUpstream(ctx, up, conn.inbound().receive(), detail, delivery, true);
        }
        StoreDecision d = decision;
        FillStream stream = FillStream.open(fillBudget, status, FillObjects.storedHeaders(uh, d.stripSetCookie()), contentLength,
                settings.maxObjectBytes());
        if (stream != null) {
            stream.aged(d.initialAgeSeconds(), responseTime);
        }
        if (stream == null) {
            // The node holds as many bytes of fills as it may: this body goes through to its own client as it comes,
            // neither buffered nor stored, and never waits for room. Waiters fetch on their own; no hit-for-miss,
            // since the object itself is storable.
            metrics.fillBudgetRefused(ctx.service.id());
            metrics.notStored(ctx.service.id(), NoCacheReason.FILL_BUDGET);
            fill.notShareable(NoCacheReason.FILL_BUDGET);
            return deliverUpstream(ctx, up, conn.inbound().receive(),
                    params + staleDetail + "; detail=" + NoCacheReason.FILL_BUDGET.token(), delivery, true);
        }
        // The pump reads the body at the upstream's pace whatever the client does, so silence here is the upstream's:
        // bounded, it ends the fill with a 504 for everyone waiting instead of holding them (removed on release).
        conn.addHandlerLast(IDLE_HANDLER, new ReadTimeoutHandler(clients.timeouts().idle().toMillis(),
                TimeUnit.MILLISECONDS));
        // Read-while-write: coalesced readers start streaming now instead of waiting for the whole body.
        fill.streaming(stream);
        // From here the pump owns the upstream body and the end of the fill: it finishes for everyone even if this
        // request's client leaves or reads slowly.
        FillPump pump = fill.pump(stream, conn.inbound().receive(),
                n -> metrics.upstreamBody(ctx.service.id(), target.shield(), n),
                () -> objects.storeIfCurrent(objects.build(ctx, status, uh, d, stream.toArray(), responseTime),
                        generation),
                UpstreamError::status,
                () -> {
                    metrics.fillBudgetRefused(ctx.service.id());
                    metrics.notStored(ctx.service.id(), NoCacheReason.FILL_BUDGET);
                });
        if (delivery != Delivery.STREAM) {
            pump.writerGone();
            return delivery == Delivery.NONE ? Mono.empty()
                    : deliverUpstream(ctx, up, Flux.empty(), params + staleDetail, Delivery.HEADERS, false);
        }
        return deliverUpstream(ctx, up, pump.writerBody(), params + staleDetail, delivery, false);
    }

    /** Forwards a non-cacheable request (any method, with its body) and streams the answer back. */
    Mono<Void> pass(RequestContext ctx, String cacheStatusParams, ResponseHook onResponse) {
        return selector.select(ctx.service, ctx.rule, ctx.key != null ? ctx.key.primary()
                : ctx.authority + ctx.upstreamUri, ctx.logic.originPool(), ctx.logic.bypassesShield()).run(ctx.method,
                target -> passTo(ctx, cacheStatusParams, target, onResponse),
                (target, err) -> onFillError(ctx, err, null, null, Delivery.STREAM, target));
    }

    /** One try of a pass against one upstream; a failure to connect is retried elsewhere by the plan. */
    private Mono<Void> passTo(RequestContext ctx, String cacheStatusParams, UpstreamTarget target,
                              ResponseHook onResponse) {
        HttpHeaders client = ctx.request.requestHeaders();
        boolean hasBody = client.contains("Content-Length") || client.contains("Transfer-Encoding");
        HttpClient.RequestSender sender = clients.client(target)
                .headers(h -> upstreamHeaders(ctx, client, h, target, false, null))
                .responseTimeout(clients.timeouts().firstByte(target, false))
                .request(HttpMethod.valueOf(ctx.method))
                .uri(ctx.passUri());
        HttpClient.ResponseReceiver<?> receiver = hasBody
                ? sender.send((r, out) -> out.send(ctx.request.receive().retain()))
                : sender;
        long sentNanos = System.nanoTime();
        return receiver
                .responseConnection((up, conn) -> {
                    ctx.viaShield = target.shield();
                    ctx.upstreamMillis = (System.nanoTime() - sentNanos) / 1_000_000;
                    metrics.upstreamFetch(ctx.service.id(), target.shield(), (target.shield() ? "shield-" : "origin-") + up.status().code() / 100 + "xx");
                    Mono<Void> before = onResponse == null ? Mono.empty()
                            : onResponse.afterHeaders(up.responseHeaders(), up.status().code());
                    // RFC 9111 4.4: what the answer invalidates is gone before the client sees the answer.
                    return before.then(Mono.defer(() -> deliverUpstream(ctx, up, conn.inbound().receive(),
                            cacheStatusParams + "; fwd-status=" + up.status().code(),
                            ctx.head ? Delivery.HEADERS : Delivery.STREAM, true)));
                })
                .then();
    }

    /** Sends an upstream response to the client; {@code fromOrigin}: the body's bytes are counted as origin bytes. */
    private Mono<Void> deliverUpstream(RequestContext ctx, HttpClientResponse up, Flux<ByteBuf> body, String params,
                                       Delivery delivery, boolean fromOrigin) {
        if (delivery == Delivery.NONE) {
            return body.then();
        }
        CacheStatus cs = ctx.status();
        HttpServerResponse res = ctx.response;
        res.status(up.status().code());
        Set<String> skip = role == EdgeRole.EDGE ? union(EdgeHeaders.CDN_ONLY, Set.of("x-cache")) : Set.of("x-cache");
        HopByHop.copy(up.responseHeaders(), res.responseHeaders(), skip);
        if (role == EdgeRole.EDGE && res instanceof WithheldHeaderObserver observer) {
            for (Map.Entry<String, String> e : up.responseHeaders()) {
                if (EdgeHeaders.CDN_ONLY.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    observer.withheld(e.getKey(), e.getValue());
                }
            }
        }
        EdgeHeaders.decorate(res.responseHeaders(), nodeId, cs, params, role, ctx.rule);
        ctx.secretsAndDebug(res.responseHeaders());
        ctx.logic.applyToResponse(res.responseHeaders());
        if (SelfMadeErrors.madeByUpstreamCache(up.status().code(), up.responseHeaders())) {
            res.header("Cache-Control", "no-store"); // a shield's own error keeps its mark, never a browser TTL
        }
        if (delivery == Delivery.HEADERS) {
            return body.then().then(res.send().then());
        }
        return res.send(body.map(b -> {
            ctx.bytes += b.readableBytes();
            if (fromOrigin) {
                metrics.upstreamBody(ctx.service.id(), ctx.viaShield, b.readableBytes());
            }
            return fromOrigin ? b.retain() : b;
        })).then();
    }

    private Mono<Void> onFillError(RequestContext ctx, Throwable err, CachedObject stale, Fill fill,
                                   Delivery delivery, UpstreamTarget target) {
        int code = UpstreamError.status(err);
        if (!BulkheadFull.in(err)) { // a refusal sent nothing upstream: not a fetch
            metrics.upstreamFetch(ctx.service.id(), target.shield(), (target.shield() ? "shield-" : "origin-") + "error");
        }
        if (fill != null) {
            fill.requestFailed(code);
        }
        if (ctx.response.hasSentHeaders()) {
            // Failed mid-body: the status is gone; closing the connection is the only honest signal left.
            return Mono.error(err);
        }
        if (stale != null && stale.withinStaleIfError(clock.millis())) {
            metrics.staleServed(CacheStatus.STALE);
            return deliverStored(ctx, stale, CachePhase.STALE_ON_ERROR, delivery);
        }
        if (delivery == Delivery.NONE) {
            log.warn("background revalidation of {} failed: {}", ctx.key == null ? ctx.upstreamUri : ctx.key.url(), err.toString());
            return Mono.empty();
        }
        log.debug("upstream {} failed for {}: {}", target.baseUrl(), ctx.upstreamUri, err.toString());
        var refused = OriginAddressGuard.refusedIn(err);
        if (refused.isPresent()) {
            return error(ctx, SelfMadeErrors.Kind.UNREACHABLE, OriginAddressGuard.problem(refused.get()),
                    "application/problem+json");
        }
        return error(ctx, SelfMadeErrors.Kind.of(code));
    }

    /** An error answered by the edge itself; nothing is stored. */
    Mono<Void> error(RequestContext ctx, SelfMadeErrors.Kind kind) {
        return error(ctx, kind, kind.text, "text/plain; charset=utf-8");
    }

    private Mono<Void> error(RequestContext ctx, SelfMadeErrors.Kind kind, String text, String contentType) {
        HttpServerResponse res = ctx.response;
        if (ctx.phase() != CachePhase.BYPASS) {
            ctx.enter(CachePhase.FILL_FAILED);
        }
        CacheStatus cs = ctx.status();
        ctx.selfMade = true;
        res.status(kind.status).header("Content-Type", contentType);
        EdgeHeaders.decorate(res.responseHeaders(), nodeId, cs, cs.cacheStatusParams() + "; " + kind.detail, role,
                ctx.rule);
        ctx.secretsAndDebug(res.responseHeaders());
        ctx.logic.applyToResponse(res.responseHeaders());
        // Never the rule's browser TTL: neither a browser nor a tier below may keep an error made here.
        res.header("Cache-Control", "no-store");
        if (kind == SelfMadeErrors.Kind.BUSY) {
            res.header("Retry-After", SelfMadeErrors.BUSY_RETRY_AFTER);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        res.header("Content-Length", String.valueOf(bytes.length));
        return ctx.head ? res.send() : res.sendByteArray(Mono.just(bytes)).then();
    }

    /** Answers from a stored object in {@code phase}; a background revalidation (no delivery) answers nobody. */
    private Mono<Void> deliverStored(RequestContext ctx, CachedObject obj, CachePhase phase, Delivery delivery) {
        if (delivery == Delivery.NONE) {
            return Mono.empty();
        }
        ctx.enter(phase);
        return responder.serve(ctx, obj, null);
    }

    private void upstreamHeaders(RequestContext ctx, HttpHeaders client, HttpHeaders out, UpstreamTarget target,
                                 boolean fill, CachedObject stale) {
        HopByHop.copy(client, out, fill ? FILL_SKIP : PASS_SKIP);
        out.set("Host", target.hostHeader() != null ? target.hostHeader() : ctx.authority);
        if (fill) {
            List<String> keyHeaders = EdgeHeaders.lower(ctx.rule.rule().keyHeaders());
            String cookie = ForwardedFields.fillCookie(client.getAll("Cookie"),
                    ctx.rule.varyNames().contains("cookie") || keyHeaders.contains("cookie"),
                    ctx.rule.rule().keyCookies());
            if (cookie != null) {
                out.set("Cookie", cookie);
            }
            // Only ask for a compressed coding when variants are keyed on it; otherwise one stored copy must
            // suit every client, and identity does.
            if (ctx.rule.varyNames().contains("accept-encoding")) {
                String ae = KeyBuilder.normalizeAcceptEncoding(client.get("Accept-Encoding"));
                out.set("Accept-Encoding", ae);
            } else {
                out.set("Accept-Encoding", "identity");
            }
            List<String> languages = ctx.service.config().settings().languages();
            if (!languages.isEmpty() && ctx.rule.varyNames().contains("accept-language")) {
                // The variant is keyed on the normalized language, so the origin must answer for exactly that one;
                // otherwise a "ja" request could store Japanese under the "en" fallback key.
                out.set("Accept-Language", KeyBuilder.normalizeLanguage(client.get("Accept-Language"), languages));
            }
            if (stale != null) {
                String etag = stale.header("ETag");
                String lastModified = stale.header("Last-Modified");
                if (etag != null) {
                    out.set("If-None-Match", etag);
                }
                if (lastModified != null) {
                    out.set("If-Modified-Since", lastModified);
                }
            }
        }
        if (ctx.rule.rule().esi()) {
            // Edge Architecture Specification 1.0, section 2.2: announce that this node processes ESI/1.0, after any
            // surrogate nearer the client (only a shield's clients are surrogates; a browser's claim is dropped).
            String mine = nodeId + "=\"ESI/1.0\"";
            String nearer = role == EdgeRole.SHIELD ? client.get("Surrogate-Capability") : null;
            out.set("Surrogate-Capability", nearer == null ? mine : nearer + ", " + mine);
        }
        List<String> loop = client.getAll("CDN-Loop");
        out.set("CDN-Loop", loop.isEmpty() ? nodeId : String.join(", ", loop) + ", " + nodeId);
        List<String> via = client.getAll("Via");
        out.set("Via", via.isEmpty() ? "1.1 " + nodeId : String.join(", ", via) + ", 1.1 " + nodeId);
        InetSocketAddress remote = ctx.request.remoteAddress();
        String ip = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        // Origins redirect or build links by these; the key already separates the two schemes' answers. Only a
        // shield extends what came in, because its clients are edges (the same trust that keys by their scheme).
        ForwardedFields.set(client, out, role == EdgeRole.SHIELD, ip, ctx.scheme, ctx.authority);
        if (role == EdgeRole.SHIELD && !target.shield()) {
            out.set(ForwardedFields.SHIELD_MARKER, "region=" + selector.region() + "; node=" + nodeId);
        }
        // After the edge's own fields, so a rule's change is what the upstream sees (validation refuses the fields the
        // edge manages); only the fleet credential goes after it, so no rule can replace or remove it.
        ctx.logic.applyToRequest(out);
        // Last of all: the origin-authentication header only towards an origin, never a client's copy or debug token.
        dev.cdn.edge.secrets.OriginAuthHeader.apply(ctx.service.config().settings(), out, !target.shield());
        if (ctx.debug != null) {
            ctx.debug.tried(target);
        }
        if (target.shield()) {
            String credential = fleetCredential.get();
            if (credential != null) {
                out.set(dev.cdn.edge.fleet.FleetGate.HEADER, credential); // shields answer only the fleet
            }
        }
    }

    /** This node's region (its PoP's shield region), as debug headers name it. */
    String region() {
        return selector.region();
    }

    /** This node's fleet credential, presented to shields; null (none) for a standalone node. */
    private volatile java.util.function.Supplier<String> fleetCredential = () -> null;

    void fleetCredential(java.util.function.Supplier<String> credential) {
        this.fleetCredential = credential;
    }

    /** The credential presented to shields now, or null. */
    String fleetCredential() {
        return fleetCredential.get();
    }

    private static Mono<Void> drain(Connection conn) {
        return conn.inbound().receive().then();
    }

    private static long contentLength(HttpHeaders h) {
        String v = h.get("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }
}
