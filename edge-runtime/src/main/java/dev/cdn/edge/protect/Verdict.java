package dev.cdn.edge.protect;

/**
 * What protection decided for one request: refused (with why and, for rate limits, when to retry), or allowed
 * with the query the cache key and the origin get (the token parameter removed).
 *
 * @param refusal           why the request is refused; null when it is allowed
 * @param query             the query to key and forward when allowed, without the token parameter; null for none
 * @param retryAfterSeconds for a refusal that passes with time, the RFC 9110 section 10.2.3 delay; else 0
 */
public record Verdict(Refusal refusal, String query, long retryAfterSeconds) {

    public static Verdict allow(String query) {
        return new Verdict(null, query, 0);
    }

    public static Verdict refuse(Refusal refusal) {
        return new Verdict(refusal, null, 0);
    }

    public boolean allowed() {
        return refusal == null;
    }
}
