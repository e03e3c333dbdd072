package dev.cdn.edge.protect;

/**
 * What protection decided for one request: refused (with why, which configured rule, and for rate limits when
 * to retry), or allowed with the query the cache key and the origin get (the token parameter removed).
 *
 * @param refusal           why the request is refused; null when it is allowed
 * @param rule              the name of the rate limit or filter that refused; null for protections without names
 * @param query             the query to key and forward when allowed, without the token parameter; null for none
 * @param retryAfterSeconds for a refusal that passes with time, the RFC 9110 section 10.2.3 delay; else 0
 */
public record Verdict(Refusal refusal, String rule, String query, long retryAfterSeconds) {

    public static Verdict allow(String query) {
        return new Verdict(null, null, query, 0);
    }

    public static Verdict refuse(Refusal refusal) {
        return new Verdict(refusal, null, null, 0);
    }

    public static Verdict refuse(Refusal refusal, String rule, long retryAfterSeconds) {
        return new Verdict(refusal, rule, null, retryAfterSeconds);
    }

    public boolean allowed() {
        return refusal == null;
    }
}
