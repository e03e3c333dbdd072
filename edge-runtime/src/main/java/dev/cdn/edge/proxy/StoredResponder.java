package dev.cdn.edge.proxy;

import dev.cdn.edge.EdgeRole;
import dev.cdn.edge.policy.ByteRange;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.policy.Conditionals;
import dev.cdn.edge.store.CachedObject;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
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

    StoredResponder(String nodeId, EdgeRole role, Clock clock) {
        this.nodeId = nodeId;
        this.role = role;
        this.clock = clock;
    }

    Mono<Void> serve(RequestContext ctx, CachedObject obj, CacheStatus status, String extraParams) {
        long now = clock.millis();
        HttpServerResponse res = ctx.response;
        HttpHeaders out = res.responseHeaders();
        for (Map.Entry<String, String> e : obj.headers()) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (role == EdgeRole.EDGE && EdgeHeaders.CDN_ONLY.contains(n)) {
                continue;
            }
            out.add(e.getKey(), e.getValue());
        }
        out.set("Age", String.valueOf(obj.currentAge(now)));
        String params = switch (status) {
            case HIT, UPDATING, STALE -> status.cacheStatusParams() + "; ttl=" + obj.remainingTtl(now);
            default -> status.cacheStatusParams();
        };
        EdgeHeaders.decorate(out, nodeId, status, extraParams == null ? params : params + "; " + extraParams, ctx.rule);
        ctx.status = status;
        HttpHeaders req = ctx.request.requestHeaders();
        byte[] body = obj.body();
        if (obj.status() == 200 && Conditionals.notModified(req, obj.header("ETag"), obj.header("Last-Modified"))) {
            out.remove("Content-Length");
            out.remove("Content-Type");
            return res.status(304).send();
        }
        res.status(obj.status());
        if (obj.status() == 200) {
            out.set("Accept-Ranges", "bytes");
            String ifRange = req.get("If-Range");
            boolean rangeApplies = ifRange == null || ifRange.equals(obj.header("ETag"));
            if (req.contains("Range") && rangeApplies) {
                ByteRange.Parsed p = ByteRange.parse(req.get("Range"), body.length);
                if (p.verdict() == ByteRange.Verdict.UNSATISFIABLE) {
                    out.set("Content-Range", "bytes */" + body.length);
                    out.set("Content-Length", "0");
                    return res.status(416).send();
                }
                if (p.verdict() == ByteRange.Verdict.PARTIAL) {
                    ByteRange r = p.range();
                    out.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + body.length);
                    res.status(206);
                    body = Arrays.copyOfRange(body, (int) r.first(), (int) r.last() + 1);
                }
            }
        }
        out.set("Content-Length", String.valueOf(body.length));
        if (ctx.head) {
            return res.send();
        }
        ctx.bytes = body.length;
        return res.sendByteArray(Mono.just(body)).then();
    }
}
