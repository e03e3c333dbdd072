package dev.cdn.edge.protect;

import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Sends a protection's refusal (and marks a request a log-only filter let through): its status, a one-line body with the reason code, Cache-Status naming it (and
 * the configured rule, as the extension parameter {@code rule}, RFC 9211 section 2), and Retry-After for a rate
 * limit.
 */
public final class Refusals {

    private Refusals() {
    }

    public static Mono<Void> send(HttpServerResponse res, String nodeId, Verdict verdict) {
        Refusal refusal = verdict.refusal();
        byte[] body = ("refused by " + refusal.protector().wireName() + ": " + refusal.reason()
                + (verdict.rule() == null ? "" : " (" + verdict.rule() + ")") + "\n")
                .getBytes(StandardCharsets.UTF_8);
        res.status(refusal.status())
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Content-Length", String.valueOf(body.length))
                .header("Cache-Control", "no-store")
                // RFC 9211 section 2.8: detail names what the cache did; here, which protection refused and why.
                .header("Cache-Status", nodeId + "; detail=" + refusal.detail()
                        + (verdict.rule() == null ? "" : "; rule=\"" + verdict.rule() + "\""))
                .header("Via", "1.1 " + nodeId);
        if (verdict.allow() != null) {
            res.header("Allow", verdict.allow());
        }
        if (verdict.retryAfterSeconds() > 0) {
            res.header("Retry-After", String.valueOf(verdict.retryAfterSeconds()));
        }
        return res.sendByteArray(Mono.just(body)).then();
    }

    /**
     * Marks the response to a request a log-only filter matched, so the customer testing a filter sees what it
     * would have refused: {@code X-Edge-Protection: request-filter.injection; mode=log}.
     */
    public static void flag(HttpServerResponse res, Refusal flagged) {
        res.header("X-Edge-Protection", flagged.detail() + "; mode=log");
    }
}
