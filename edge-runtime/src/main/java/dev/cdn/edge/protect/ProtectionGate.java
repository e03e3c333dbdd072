package dev.cdn.edge.protect;

import dev.cdn.config.Protection;
import dev.cdn.config.RateLimit;
import java.util.List;

/**
 * One service's protection compiled for the request path: each configured protection built once (keys
 * initialised, globs compiled, address lists sorted), then asked in a fixed order for every request: address and
 * country lists, rate limits (they count every request that is let in at all, and refusing a flood must not cost
 * an HMAC each), then signed URLs. A service without protection
 * gets {@link #OPEN}, which costs a request one branch.
 */
public final class ProtectionGate {

    public static final ProtectionGate OPEN = new ProtectionGate(null, List.of(), null);

    private final AccessCheck access;
    private final List<RateLimiter> rateLimits;
    private final SignedUrlCheck signedUrls;

    private ProtectionGate(AccessCheck access, List<RateLimiter> rateLimits, SignedUrlCheck signedUrls) {
        this.access = access;
        this.rateLimits = rateLimits;
        this.signedUrls = signedUrls;
    }

    /** Compiles a validated protection config. */
    public static ProtectionGate compile(String serviceId, Protection p) {
        if (p == null || p.equals(Protection.NONE)) {
            return OPEN;
        }
        List<RateLimiter> limits = p.rateLimits().stream().map((RateLimit r) -> new RateLimiter(serviceId, r)).toList();
        return new ProtectionGate(p.access() == null ? null : new AccessCheck(p.access()), limits,
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
        return Verdict.allow(query);
    }
}
