package dev.cdn.edge.policy;

/**
 * What the policy decided about one upstream response: whether to store it and, if so, for how long.
 *
 * @param reason             why it is not stored; null when it is storable
 * @param ttlSeconds         freshness lifetime at the edge
 * @param swrSeconds         stale-while-revalidate window after the lifetime
 * @param sieSeconds         stale-if-error window after the lifetime
 * @param initialAgeSeconds  RFC 9111 corrected_initial_age at reception
 * @param authShareable      the response may answer requests that carry Authorization (public, s-maxage, ...)
 * @param stripSetCookie     the stored copy must drop Set-Cookie (the rule allowed storing such a response)
 */
public record StoreDecision(
        NoCacheReason reason,
        long ttlSeconds,
        long swrSeconds,
        long sieSeconds,
        long initialAgeSeconds,
        boolean authShareable,
        boolean stripSetCookie) {

    public static StoreDecision no(NoCacheReason reason) {
        return new StoreDecision(reason, 0, 0, 0, 0, false, false);
    }

    public boolean storable() {
        return reason == null;
    }
}
