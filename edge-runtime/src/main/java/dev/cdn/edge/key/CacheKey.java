package dev.cdn.edge.key;

/**
 * The identity of a cached resource before Vary: which service, which normalized URL, and the rule's key headers
 * and cookies. Every variant of one URL shares {@code url}; purges by URL and prefix select on it.
 *
 * @param serviceId namespaces every key, so one service's object can never answer another's request
 * @param url       normalized absolute URL, e.g. {@code http://demo.localhost/a/b?x=1}
 * @param primary   the full primary key: service, URL, key headers and key cookies
 */
public record CacheKey(String serviceId, String url, String primary) {
}
