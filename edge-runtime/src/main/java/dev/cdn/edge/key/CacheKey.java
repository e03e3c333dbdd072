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

    /** Between the primary key and the variant (a character no normalized URL or header value carries). */
    private static final char VARIANT_SEPARATOR = '\u0000';

    /**
     * The storage key of one variant: the primary key, then the values of the Vary fields the variant was selected
     * by ({@link KeyBuilder#variant}). The one place this formula lives; tiers, locks and indexes use it from here.
     */
    public String storageKey(String variant) {
        return primary + VARIANT_SEPARATOR + variant;
    }

    /** What every storage key of this primary key starts with. */
    public String variantPrefix() {
        return primary + VARIANT_SEPARATOR;
    }
}
