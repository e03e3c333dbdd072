package dev.cdn.config;

/**
 * A rewrite of the path sent to the origin: a path starting with {@code fromPrefix} has that prefix replaced by
 * {@code toPrefix}. The client's URL (and so the cache key's URL) is unchanged.
 */
public record PathRewrite(String fromPrefix, String toPrefix) {
}
