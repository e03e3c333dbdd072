package dev.cdn.api.ratelimit;

/**
 * The answer of a budget to one request, in the terms of the IETF RateLimit header fields
 * (draft-ietf-httpapi-ratelimit-headers): the quota, what is left, seconds until the quota is whole again, and,
 * when limited, seconds until one request fits (RFC 9110 section 10.2.3, {@code Retry-After}).
 */
public record RateVerdict(RateOutcome outcome, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    public boolean allowed() {
        return outcome == RateOutcome.ALLOWED;
    }
}
