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
    /** Vary names a request header the rule does not key on (RFC 9111 4.1): sharing it could cross users. */
    VARY_UNKEYED,
    STATUS,
    NO_FRESHNESS,
    ZERO_TTL,
    TOO_LARGE,
    UPSTREAM_ERROR,
    /** The service's share of upstream connections was in use: the node refused rather than queue the request. */
    UPSTREAM_BUSY,
    PURGED_DURING_FILL,
    /** The node's byte budget for bodies being filled was in use: streamed through, neither buffered nor stored. */
    FILL_BUDGET;

    /** The RFC 9211 {@code detail} token and metric tag: lower case, hyphens. */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
