package dev.cdn.edge.proxy;

import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.coalesce.FillStream;
import dev.cdn.edge.coalesce.WireReader;
import dev.cdn.edge.local.StoredBodyObserver;
import dev.cdn.edge.local.WithheldHeaderObserver;
import dev.cdn.edge.policy.ByteRange;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.policy.Conditionals;
import dev.cdn.edge.store.Body;
import dev.cdn.edge.store.CachedObject;
import dev.cdn.edge.store.DirectBody;
import dev.cdn.edge.store.OpenBody;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers a request from a stored object: current Age, edge headers, 304 for a matching conditional request,
 * 206/416 for a single byte range of a stored 200, and headers only for HEAD.
 */
final class StoredResponder {

    private final String nodeId;
    private final EdgeRole role;
    private final Clock clock;
    /** This node's Cache-Status and Via members, built once rather than per response. */
    private final EdgeHeaders.OwnFields own;

    StoredResponder(String nodeId, EdgeRole role, Clock clock) {
        this.nodeId = nodeId;
        this.role = role;
        this.clock = clock;
        this.own = new EdgeHeaders.OwnFields(nodeId);
    }

    /** Answers a coalesced reader from a body still streaming in from upstream (read-while-write). */
    Mono<Void> serveStream(RequestContext ctx, FillStream stream, String extraParams) {
        CacheStatus status = ctx.status();
        HttpServerResponse res = ctx.response;
        HttpHeaders out = res.responseHeaders();
        FieldNames names = FieldNames.of(res.version());
        copyHeaders(stream.headers(), out, res, names);
        long age = stream.ageSeconds(clock.millis());
        if (age >= 0) {
            out.set(names.age, EdgeHeaders.decimal(age)); // a waiter's answer comes from the cache, not the origin
        }
        EdgeHeaders.decorate(out, names, status, nodeId + "; " + status.cacheStatusParams() + "; " + extraParams,
                own.via, role, ctx.rule);
        ctx.secretsAndDebug(out);
        ctx.logic.applyToResponse(out);
        res.status(stream.status());
        if (stream.contentLength() >= 0) {
            out.set(names.contentLength, EdgeHeaders.decimal(stream.contentLength()));
        }
        if (ctx.head) {
            return res.send();
        }
        EventExecutor loop = eventLoopOf(res);
        if (loop == null) { // an in-process caller: no event loop of its own to write on
            return res.send(stream.body().doOnNext(b -> ctx.bytes += b.readableBytes())).then();
        }
        // Woken with the other waiters on this connection's event loop; the whole body in one write when it is complete
        // by the time this waiter hears of it (see WireReader).
        WireReader reader = stream.reader(loop, n -> ctx.bytes += n);
        return reader.send(whole -> res.send(whole).then(), streamed -> res.send(streamed).then());
    }

    /** The event loop of the response's connection, or null for an in-process response (it has no connection). */
    private static EventExecutor eventLoopOf(HttpServerResponse res) {
        EventExecutor[] loop = new EventExecutor[1];
        try {
            res.withConnection(c -> loop[0] = c.channel().eventLoop());
        } catch (UnsupportedOperationException inProcess) {
            return null;
        }
        return loop[0];
    }

    private void copyHeaders(java.util.List<Map.Entry<String, String>> headers, HttpHeaders out,
                             HttpServerResponse res, FieldNames names) {
        copyHeaders(role, headers, out, res instanceof WithheldHeaderObserver o ? o : null, names);
    }

    /** A stored response's headers as a node of {@code role} sends them (an edge keeps CDN-only ones to itself). */
    static void copyHeaders(EdgeRole role, java.util.List<Map.Entry<String, String>> headers, HttpHeaders out) {
        copyHeaders(role, headers, out, null, FieldNames.HTTP_1);
    }

    /** As above, telling {@code observer} (if any) of each CDN-only field an edge withheld. */
    private static void copyHeaders(EdgeRole role, java.util.List<Map.Entry<String, String>> headers, HttpHeaders out,
                                    WithheldHeaderObserver observer, FieldNames names) {
        if (!(headers instanceof java.util.RandomAccess)) {
            headers = java.util.List.copyOf(headers);
        }
        // Indexed, not iterated: this runs for every field of every hit, and an iterator is one more object each time.
        for (int i = 0, n = headers.size(); i < n; i++) {
            Map.Entry<String, String> e = headers.get(i);
            if (role == EdgeRole.EDGE && EdgeHeaders.isCdnOnly(e.getKey())) {
                if (observer != null) {
                    observer.withheld(e.getKey(), e.getValue());
                }
                continue;
            }
            out.add(names.of(e.getKey()), e.getValue());
        }
    }

    /** Sends {@code count} bytes of {@code body} starting at {@code first}. */
    private interface BodySender<B> {
        Mono<Void> send(HttpServerResponse res, B body, long first, long count);
    }

    /**
     * Answers from a stored object. A direct body (the RAM tier's) goes out as a slice of its buffer, no copy; the
     * caller keeps the object pinned until the response is over, and the slice is taken only when the channel
     * subscribes, so a response that never sends its body holds nothing. The status is the request's phase's.
     */
    Mono<Void> serve(RequestContext ctx, CachedObject obj, String extraParams) {
        Body body = obj.payload();
        return respond(ctx, obj, body, body.length(), extraParams, ctx.tlsConnection ? SEND_SLICE : SEND_PLAIN);
    }

    /** Sends a slice of a direct body; a constant, so that a hit allocates no sender of its own. */
    private static final BodySender<Body> SEND_SLICE = (res, body, first, count) -> {
        observe(res, body, first, count);
        return res.send(Mono.fromSupplier(() -> body.slice((int) first, (int) count))).then();
    };

    /**
     * Over plain TCP, a body held in a memory-backed file goes out with sendfile, when the response passes file regions
     * on to the socket (an ESI page being assembled, or an in-process caller, wants bytes: they get a slice of the
     * file's mapping). Like a slice, the region holds the body until it is written.
     */
    private static final BodySender<Body> SEND_PLAIN = (res, body, first, count) -> {
        if (body instanceof DirectBody d && d.inFile()
                && (!(res instanceof StoredBodyObserver o) || o.passesFileRegions())) {
            observe(res, body, first, count);
            return res.sendObject(Mono.fromSupplier(() -> d.region(first, count))).then();
        }
        return SEND_SLICE.send(res, body, first, count);
    };

    private static void observe(HttpServerResponse res, Body body, long first, long count) {
        if (res instanceof StoredBodyObserver observer && first == 0 && count == body.length()) {
            observer.servedFrom(body); // an in-process caller may keep work derived from this very body
        }
    }

    /**
     * Answers from a disk hit's opened body: zero-copy on plain TCP ({@link OpenBody#region}), in chunks read off the
     * event loop over TLS ({@link OpenBody#chunks}). The body is closed once it is sent, or here when none is (HEAD,
     * 304, 416).
     */
    Mono<Void> serveFile(RequestContext ctx, CachedObject meta, OpenBody body, String extraParams) {
        java.util.concurrent.atomic.AtomicBoolean handedOver = new java.util.concurrent.atomic.AtomicBoolean();
        return respond(ctx, meta, body, body.length(), extraParams,
                (res, opened, first, count) -> {
                    handedOver.set(true);
                    if (ctx.tlsConnection) {
                        return res.send(body.chunks(first, count)).then();
                    }
                    return res.sendObject(body.region(first, count)).then();
                })
                .doFinally(signal -> {
                    if (!handedOver.get()) {
                        body.close();
                    }
                });
    }

    private <B> Mono<Void> respond(RequestContext ctx, CachedObject obj, B body, long length, String extraParams,
                                   BodySender<B> sender) {
        CacheStatus status = ctx.status();
        long now = clock.millis();
        HttpServerResponse res = ctx.response;
        HttpHeaders out = res.responseHeaders();
        FieldNames names = FieldNames.of(res.version());
        copyHeaders(obj.headers(), out, res, names);
        out.set(names.age, EdgeHeaders.decimal(obj.currentAge(now)));
        String member = switch (status) {
            case HIT, UPDATING, STALE -> own.cacheStatus(status, obj.remainingTtl(now));
            default -> own.cacheStatus(status);
        };
        EdgeHeaders.decorate(out, names, status, extraParams == null ? member : member + "; " + extraParams, own.via,
                role, ctx.rule);
        ctx.secretsAndDebug(out);
        ctx.logic.applyToResponse(out);
        HttpHeaders req = ctx.request.requestHeaders();
        if (obj.status() == 200 && Conditionals.notModified(req, obj.header("ETag"), obj.header("Last-Modified"))) {
            out.remove("Content-Length");
            out.remove("Content-Type");
            return res.status(304).send();
        }
        res.status(obj.status());
        long first = 0;
        long count = length;
        if (obj.status() == 200) {
            out.set(names.acceptRanges, "bytes");
            String ifRange = req.get("If-Range");
            boolean rangeApplies = ifRange == null
                    || Conditionals.ifRangeMatches(ifRange, obj.header("ETag"), obj.header("Last-Modified"),
                    obj.header("Date"));
            if (req.contains("Range") && rangeApplies) {
                ByteRange.Parsed p = ByteRange.parse(req.get("Range"), length);
                if (p.verdict() == ByteRange.Verdict.UNSATISFIABLE) {
                    out.set("Content-Range", "bytes */" + length);
                    out.set("Content-Length", "0");
                    return res.status(416).send();
                }
                if (p.verdict() == ByteRange.Verdict.PARTIAL) {
                    ByteRange r = p.range();
                    out.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + length);
                    res.status(206);
                    first = r.first();
                    count = r.last() - r.first() + 1;
                }
            }
        }
        out.set(names.contentLength, EdgeHeaders.decimal(count));
        if (ctx.head || count == 0) {
            return res.send();
        }
        ctx.bytes = count;
        return sender.send(res, body, first, count);
    }
}
