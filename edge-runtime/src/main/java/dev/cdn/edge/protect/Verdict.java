package dev.cdn.edge.protect;

/**
 * What protection decided for one request: refused (with why, which configured rule, and what the answer must
 * carry), or allowed with the query the cache key and the origin get (the token parameter removed), possibly
 * flagged by a filter in log-only mode.
 *
 * @param refusal           why the request is refused; null when it is allowed
 * @param rule              the name of the rate limit that refused; null for protections without names
 * @param query             the query to key and forward when allowed, without the token parameter; null for none
 * @param retryAfterSeconds for a refusal that passes with time, the RFC 9110 section 10.2.3 delay; else 0
 * @param allow             for a 405, the Allow field (RFC 9110 section 10.2.1); else null
 * @param flagged           what a log-only filter would have refused; null when none matched
 */
public record Verdict(Refusal refusal, String rule, String query, long retryAfterSeconds, String allow,
                      Refusal flagged) {

    public static Verdict allow(String query, Refusal flagged) {
        return new Verdict(null, null, query, 0, null, flagged);
    }

    public static Verdict refuse(Refusal refusal) {
        return new Verdict(refusal, null, null, 0, null, null);
    }

    public static Verdict refuse(Refusal refusal, String rule, long retryAfterSeconds) {
        return new Verdict(refusal, rule, null, retryAfterSeconds, null, null);
    }

    public static Verdict refuseMethod(String allow) {
        return new Verdict(Refusal.METHOD_NOT_ALLOWED, null, null, 0, allow, null);
    }

    public boolean allowed() {
        return refusal == null;
    }
}
