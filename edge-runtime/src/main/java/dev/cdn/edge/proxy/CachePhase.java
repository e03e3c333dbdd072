package dev.cdn.edge.proxy;

import dev.cdn.edge.policy.CacheStatus;

/**
 * Where one request stands with the cache; each step of the request path enters the phase it takes the request
 * to, and the request's {@link CacheStatus} (X-Cache, Cache-Status, metric tags, access log) follows from the last
 * phase alone, so no class writes a status of its own.
 */
enum CachePhase {
    /** The cache is not consulted (yet): a method or rule that passes, an Authorization the object forbids. */
    BYPASS,
    /** Answering from a fresh stored object. */
    HIT,
    /** Answering from a stale object while one background request revalidates it (stale-while-revalidate). */
    STALE_UPDATING,
    /** Fetching as the fill's writer: the first miss for the key. */
    FILL_WRITER,
    /** Waiting on another request's fill, then streaming or serving what it published. */
    FILL_WAITER,
    /** Fetching alone: the key is hit-for-miss, or the fill waited on could not be shared. */
    FILL_ALONE,
    /** The fill failed and the edge answers with an error of its own. */
    FILL_FAILED,
    /** The upstream confirmed the stale object (304), which is served refreshed. */
    REVALIDATED,
    /** Answering from a stale object because the upstream failed, or a shield that did so (stale-if-error). */
    STALE_ON_ERROR;

    /** The outcome this phase reports; {@code staleFound}: a stale object was found (a fill then replaces it). */
    CacheStatus status(boolean staleFound) {
        return switch (this) {
            case BYPASS -> CacheStatus.BYPASS;
            case HIT -> CacheStatus.HIT;
            case STALE_UPDATING -> CacheStatus.UPDATING;
            case FILL_WRITER, FILL_WAITER, FILL_ALONE -> staleFound ? CacheStatus.EXPIRED : CacheStatus.MISS;
            case FILL_FAILED -> CacheStatus.MISS;
            case REVALIDATED -> CacheStatus.REVALIDATED;
            case STALE_ON_ERROR -> CacheStatus.STALE;
        };
    }
}
