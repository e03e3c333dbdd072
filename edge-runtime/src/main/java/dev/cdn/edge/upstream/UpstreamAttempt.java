package dev.cdn.edge.upstream;

import reactor.netty.http.client.HttpClientResponse;
import reactor.util.context.ContextView;

/**
 * One try of one upstream for one request. It travels in the Reactor context of the request, so the client's
 * response hook ({@link UpstreamClient}) can say when response headers arrived without the request path passing
 * anything around: that both feeds passive health and tells {@link UpstreamPlan} a retry is no longer allowed.
 */
final class UpstreamAttempt {

    static final Class<UpstreamAttempt> KEY = UpstreamAttempt.class;

    private final String serviceId;
    private final UpstreamTarget target;
    private volatile boolean responded;
    /** The connection this attempt holds in its service's share, once granted; released when the exchange ends. */
    private volatile Bulkheads.Permit permit;

    UpstreamAttempt(String serviceId, UpstreamTarget target) {
        this.serviceId = serviceId;
        this.target = target;
    }

    String serviceId() {
        return serviceId;
    }

    UpstreamTarget target() {
        return target;
    }

    void holds(Bulkheads.Permit p) {
        this.permit = p;
    }

    Bulkheads.Permit permit() {
        return permit;
    }

    /** The exchange ended (response received whole, or failed): its connection leaves the service's share. */
    void exchangeEnded() {
        Bulkheads.Permit p = permit;
        if (p != null) {
            p.release();
        }
    }

    /** Ends the exchange of the attempt in {@code context}, if any. */
    static void exchangeEnded(ContextView context) {
        context.<UpstreamAttempt>getOrEmpty(KEY).ifPresent(UpstreamAttempt::exchangeEnded);
    }

    boolean responded() {
        return responded;
    }

    void responded(int status) {
        responded = true;
        if (target.health() != null) {
            target.health().responded(status);
        }
        if (target.shieldHealth() != null) {
            target.shieldHealth().responded(status);
        }
    }

    /** The attempt failed before any response: what passive health learns from it. */
    void failed(Throwable err) {
        if (responded || err instanceof StaleDeadlineExceeded || BulkheadFull.in(err)) {
            // The answer had started, only this request's own short deadline passed, or nothing was sent at all.
            return;
        }
        if (target.health() != null) {
            target.health().failed(err);
        }
        if (target.shieldHealth() != null) {
            target.shieldHealth().failed(err);
        }
    }

    /** The response hook: tells the attempt in the request's context, if any (health checks carry none). */
    static void observe(HttpClientResponse response) {
        response.currentContextView().<UpstreamAttempt>getOrEmpty(KEY)
                .ifPresent(a -> a.responded(response.status().code()));
    }
}
