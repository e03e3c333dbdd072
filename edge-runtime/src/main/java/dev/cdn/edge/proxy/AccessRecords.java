package dev.cdn.edge.proxy;

import dev.cdn.config.AccessRecord;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;

/** Builds the access record of a finished request from its context. */
final class AccessRecords {

    private AccessRecords() {
    }

    static AccessRecord of(RequestContext ctx, long startMillis, String nodeId) {
        String url = ctx.scheme + "://" + ctx.authority + ctx.upstreamUri;
        String rule = ctx.rule == null || ctx.rule.rule() == null ? null : ctx.rule.rule().name();
        return new AccessRecord(Instant.ofEpochMilli(startMillis), ctx.service.id(), client(ctx.request.remoteAddress()),
                ctx.method, url, ctx.response.status().code(), ctx.bytes,
                ctx.selfMade ? "ERROR" : ctx.status().name(),
                ctx.upstreamMillis < 0 ? null : ctx.upstreamMillis, nodeId, rule, edgeLogic(ctx));
    }

    /** What the service's edge logic did ({@code rules=...; experiments=name:variant}), or null when nothing acted. */
    private static String edgeLogic(RequestContext ctx) {
        String acted = ctx.logic.describe();
        return acted.isEmpty() ? null : acted;
    }

    private static String client(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
        }
        return address == null ? null : address.toString();
    }
}
