package dev.cdn.edge.protect;

import dev.cdn.config.Protection;
import dev.cdn.config.RateLimit;
import java.util.List;

/**
 * One service's protection compiled for the request path: each configured protection built once (keys
 * initialised, globs compiled, address lists sorted), then asked in a fixed order for every request: address and
 * country lists, request filters, rate limits (they count every request that is let in at all, and refusing a
 * flood must not cost an HMAC each), then signed URLs. A service without protection
 * gets {@link #OPEN}, which costs a request one branch.
 */
public final class ProtectionGate {

    public static final ProtectionGate OPEN = new ProtectionGate(null, null, List.of(), null);

    private final AccessCheck access;
    private final RequestFilterCheck filters;
    private final List<RateLimiter> rateLimits;
    private final SignedUrlCheck signedUrls;

    private ProtectionGate(AccessCheck access, RequestFilterCheck filters, List<RateLimiter> rateLimits,
                           SignedUrlCheck signedUrls) {
        this.access = access;
        this.filters = filters;
        this.rateLimits = rateLimits;
        this.signedUrls = signedUrls;
    }

    /** Compiles a validated protection config. */
    public static ProtectionGate compile(String serviceId, Protection p) {
        if (p == null || p.equals(Protection.NONE)) {
            return OPEN;
        }
        List<RateLimiter> limits = p.rateLimits().stream().map((RateLimit r) -> new RateLimiter(serviceId, r)).toList();
        return new ProtectionGate(p.access() == null ? null : new AccessCheck(p.access()),
                p.filters() == null ? null : new RequestFilterCheck(p.filters()), limits,
                p.signedUrls() == null ? null : new SignedUrlCheck(p.signedUrls()));
    }

    /** True when nothing is configured: the request path skips building a {@link ProtectedRequest}. */
    public boolean open() {
        return this == OPEN;
    }

    /** Decides one request, taking a token from each rate limit that counts it. */
    public Verdict check(ProtectedRequest r, RateLimitStore buckets) {
        if (access != null) {
            Refusal refusal = access.check(r);
            if (refusal != null) {
                return Verdict.refuse(refusal);
            }
        }
        Refusal flagged = null;
        if (filters != null) {
            Refusal refusal = filters.check(r);
            if (refusal != null && !filters.logOnly()) {
                return refusal == Refusal.METHOD_NOT_ALLOWED ? Verdict.refuseMethod(filters.allow())
                        : Verdict.refuse(refusal);
            }
            flagged = refusal;
        }
        for (RateLimiter limit : rateLimits) {
            long waitMicros = limit.acquire(r, buckets);
            if (waitMicros > 0) {
                // RFC 9110 section 10.2.3: whole seconds, rounded up so a client that obeys is not refused again.
                return Verdict.refuse(Refusal.RATE_LIMITED, limit.name(), (waitMicros + 999_999) / 1_000_000);
            }
        }
        String query = r.rawQuery();
        if (signedUrls != null) {
            Refusal refusal = signedUrls.check(r);
            if (refusal != null) {
                return Verdict.refuse(refusal);
            }
            query = signedUrls.strip(query);
        }
        return Verdict.allow(query, flagged);
    }
}
