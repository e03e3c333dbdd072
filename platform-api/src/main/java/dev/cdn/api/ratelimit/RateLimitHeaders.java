package dev.cdn.api.ratelimit;

import org.springframework.http.HttpHeaders;

/**
 * Writes a {@link RateVerdict} as header fields: {@code RateLimit-Limit}, {@code RateLimit-Remaining},
 * {@code RateLimit-Reset} and {@code RateLimit-Policy} as draft-ietf-httpapi-ratelimit-headers-06 names them
 * (section 5: limit, remaining quota units, delta-seconds to reset; the policy names quota and window {@code w}),
 * plus {@code Retry-After} (RFC 9110 section 10.2.3) when the request was refused.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    /**
     * @param windowSeconds the time the quota is granted over, for {@code RateLimit-Policy} (the bucket refills
     *                      its whole capacity in this long)
     */
    public static void write(HttpHeaders headers, RateVerdict verdict, long windowSeconds) {
        headers.set("RateLimit-Limit", Long.toString(verdict.limit()));
        headers.set("RateLimit-Remaining", Long.toString(verdict.remaining()));
        headers.set("RateLimit-Reset", Long.toString(verdict.resetSeconds()));
        headers.set("RateLimit-Policy", verdict.limit() + ";w=" + Math.max(1, windowSeconds));
        if (!verdict.allowed()) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, verdict.retryAfterSeconds())));
        }
    }
}
