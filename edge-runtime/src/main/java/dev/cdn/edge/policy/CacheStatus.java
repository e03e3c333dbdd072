package dev.cdn.edge.policy;

/** How one response was served; the same value feeds X-Cache, Cache-Status, metric tags and the access log. */
public enum CacheStatus {
    /** Fresh object served from the store. */
    HIT,
    /** Not in the store: fetched upstream. */
    MISS,
    /** Stale object served because the upstream failed (stale-if-error). */
    STALE,
    /** Stale object served while one background request revalidates it (stale-while-revalidate). */
    UPDATING,
    /** Stale object confirmed by a conditional request upstream (304) and served from the store. */
    REVALIDATED,
    /** The cache was not consulted: method, rule bypass or an Authorization the response does not allow. */
    BYPASS,
    /** Stale object replaced by a full response from upstream. */
    EXPIRED;

    /** The RFC 9211 Cache-Status parameters (after the cache name) for this outcome. */
    public String cacheStatusParams() {
        return switch (this) {
            case HIT -> "hit";
            case MISS -> "fwd=uri-miss";
            case STALE -> "hit; detail=stale-if-error";
            case UPDATING -> "hit; detail=stale-while-revalidate";
            case REVALIDATED -> "fwd=stale; fwd-status=304";
            case BYPASS -> "fwd=bypass";
            case EXPIRED -> "fwd=stale";
        };
    }
}
