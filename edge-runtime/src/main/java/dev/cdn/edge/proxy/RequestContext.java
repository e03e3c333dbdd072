package dev.cdn.edge.proxy;

import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.logic.LogicOutcome;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.routing.CompiledRule;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The state of one client request as it moves through the request path; owned by that request alone. */
final class RequestContext {

    final HttpServerRequest request;
    final HttpServerResponse response;
    final CompiledService service;
    final CompiledRule rule;
    final String method;
    /** "http" or "https": how the client reached the edge tier; part of the cache key. */
    final String scheme;
    /** The client's connection itself is TLS (a shield may key https without one: see {@link #scheme}). */
    final boolean tlsConnection;
    /** Normalized path plus the client's raw query: what a pass sends upstream. */
    final String upstreamUri;
    /** The request's authority: the absolute-form target's, else Host (RFC 9112 §3.2.2); sent upstream as Host. */
    final String authority;
    final boolean head;
    final boolean authorization;
    final long startNanos;
    CacheKey key;
    String lockKey;
    /** Where the request stands with the cache; see {@link #status()}. */
    private CachePhase phase = CachePhase.BYPASS;
    /** The lookup found a stale object: a fill replacing it reports EXPIRED rather than MISS. */
    boolean staleFound;
    long bytes;
    /** The edge answered by itself (upstream unreachable, timed out): neither a hit nor a miss in the counts. */
    boolean selfMade;
    /** The upstream answering is the shield tier, not the origin: its bytes are not origin bytes. */
    boolean viaShield;
    /** How long the upstream took to answer with headers, in milliseconds; -1 while nothing was fetched. */
    long upstreamMillis = -1;
    /** The client's country (ISO 3166-1 alpha-2) from the edge's geo file; null when unknown or there is none. */
    String country;
    /** What the service's edge logic decided for this request (docs/edge-logic.md); NONE when nothing acted. */
    LogicOutcome logic = LogicOutcome.NONE;
    /** The routing trace of a request carrying its service's debug token (docs/routing.md); null for all others. */
    dev.cdn.edge.debug.DebugTrace debug;

    RequestContext(HttpServerRequest request, HttpServerResponse response, CompiledService service, CompiledRule rule,
                   String method, String scheme, String authority, String upstreamUri, long startNanos) {
        this.request = request;
        this.response = response;
        this.service = service;
        this.rule = rule;
        this.method = method;
        this.scheme = scheme;
        this.tlsConnection = "https".equals(request.scheme());
        this.upstreamUri = upstreamUri;
        this.authority = authority;
        this.head = method.equals("HEAD");
        this.authorization = request.requestHeaders().contains("Authorization");
        this.startNanos = startNanos;
    }

    /**
     * The last touch on every response's fields: no upstream's {@code Cdn-Debug-*} fields or copy of the
     * origin-authentication field reach the client; a request with the debug token gets this node's debug fields.
     */
    void secretsAndDebug(io.netty.handler.codec.http.HttpHeaders out) {
        dev.cdn.edge.debug.DebugTrace.strip(out);
        dev.cdn.edge.secrets.OriginAuthHeader.stripFromResponse(service.config().settings(), out);
        if (debug != null) {
            String ruleName = rule.rule().name();
            debug.writeTo(out, ruleName == null ? "default" : ruleName, lockKey, startNanos, upstreamMillis);
        }
    }

    /** Takes the request to {@code next}; the last phase entered decides the reported {@link CacheStatus}. */
    void enter(CachePhase next) {
        phase = next;
    }

    CachePhase phase() {
        return phase;
    }

    /** How the request was served, as X-Cache, Cache-Status, the metrics and the access log report it. */
    CacheStatus status() {
        return phase.status(staleFound);
    }

    /** The client's country from the edge's geo file (docs/edge-logic.md), or null: for rule conditions. */
    String country() {
        return country;
    }

    /** What a pass sends upstream: the client's path and query, rewritten by edge logic. */
    String passUri() {
        return logic.originTarget(upstreamUri);
    }

    /**
     * What a fill sends upstream: the key URL's normalized path and the query exactly as the key holds it (ignored
     * and filtered parameters removed), so a parameter the key drops can never change the stored object. Derived
     * from the key only when a fill happens, so hits pay nothing for it.
     */
    String fillUri() {
        String url = key.url();
        return logic.originTarget(url.substring(url.indexOf('/', url.indexOf("://") + 3)));
    }
}
