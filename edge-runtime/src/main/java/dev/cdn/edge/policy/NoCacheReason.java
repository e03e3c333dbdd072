package dev.cdn.edge.policy;

/** Why a response was not stored; reported in Cache-Status {@code detail} and in metrics. */
public enum NoCacheReason {
    METHOD,
    BYPASS_RULE,
    NO_STORE,
    NO_CACHE,
    PRIVATE,
    SET_COOKIE,
    AUTHORIZATION,
    VARY_STAR,
    STATUS,
    NO_FRESHNESS,
    ZERO_TTL,
    TOO_LARGE,
    UPSTREAM_ERROR,
    PURGED_DURING_FILL
}
