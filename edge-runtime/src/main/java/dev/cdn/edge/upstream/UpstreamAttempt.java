package dev.cdn.edge.upstream;

import reactor.netty.http.client.HttpClientResponse;

/**
 * One try of one upstream for one request. It travels in the Reactor context of the request, so the client's
 * response hook ({@link UpstreamClient}) can say when response headers arrived without the request path passing
 * anything around: that both feeds passive health and tells {@link UpstreamPlan} a retry is no longer allowed.
 */
final class UpstreamAttempt {

    static final Class<UpstreamAttempt> KEY = UpstreamAttempt.class;

    private final UpstreamTarget target;
    private final ShieldHealth shieldHealth;
    private volatile boolean responded;

    UpstreamAttempt(UpstreamTarget target, ShieldHealth shieldHealth) {
        this.target = target;
        this.shieldHealth = target.shield() ? shieldHealth : null;
    }

    boolean responded() {
        return responded;
    }

    void responded(int status) {
        responded = true;
        if (target.health() != null) {
            target.health().responded(status);
        }
        if (shieldHealth != null) {
            shieldHealth.responded();
        }
    }

    /** The attempt failed before any response: what passive health learns from it. */
    void failed(Throwable err) {
        if (responded || err instanceof StaleDeadlineExceeded) {
            return; // the answer had started, or only this request's own short deadline passed
        }
        if (target.health() != null) {
            target.health().failed(err);
        }
        if (shieldHealth != null) {
            shieldHealth.failed(err);
        }
    }

    /** The response hook: tells the attempt in the request's context, if any (health checks carry none). */
    static void observe(HttpClientResponse response) {
        response.currentContextView().<UpstreamAttempt>getOrEmpty(KEY)
                .ifPresent(a -> a.responded(response.status().code()));
    }
}
