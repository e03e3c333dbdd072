package dev.cdn.edge.key;

import java.util.Objects;

/**
 * The identity of a cached resource before Vary: which service, which normalized URL, and the rule's key headers
 * and cookies. Every variant of one URL shares {@code url}; purges by URL and prefix select on it. A value: equal
 * when its three parts are.
 */
public final class CacheKey {

    /** Between the primary key and the variant (a character no normalized URL or header value carries). */
    private static final char VARIANT_SEPARATOR = '\u0000';

    private final String serviceId;
    private final String url;
    private final String primary;
    /**
     * The storage key of the variant-less object, the one most hits look up; built on first use and kept (a benign
     * race: two threads may build equal strings).
     */
    private String unvariedKey;

    /**
     * @param serviceId namespaces every key, so one service's object can never answer another's request
     * @param url       normalized absolute URL, e.g. {@code http://demo.localhost/a/b?x=1}
     * @param primary   the full primary key: service, URL, key headers and key cookies
     */
    public CacheKey(String serviceId, String url, String primary) {
        this.serviceId = serviceId;
        this.url = url;
        this.primary = primary;
    }

    public String serviceId() {
        return serviceId;
    }

    public String url() {
        return url;
    }

    public String primary() {
        return primary;
    }

    /**
     * The storage key of one variant: the primary key, then the values of the Vary fields the variant was selected
     * by ({@link KeyBuilder#variant}). The one place this formula lives; tiers, locks and indexes use it from here.
     */
    public String storageKey(String variant) {
        if (variant.isEmpty()) {
            String key = unvariedKey;
            if (key == null) {
                key = variantPrefix();
                unvariedKey = key;
            }
            return key;
        }
        return primary + VARIANT_SEPARATOR + variant;
    }

    /** What every storage key of this primary key starts with. */
    public String variantPrefix() {
        return primary + VARIANT_SEPARATOR;
    }

    /**
     * Whether {@code storageKey} is this key's storage key of {@code variant}: lets a caller holding one variant's
     * key reuse it for the same variant instead of building an equal string.
     */
    public boolean isStorageKey(String storageKey, String variant) {
        return storageKey.length() == primary.length() + 1 + variant.length()
                && storageKey.startsWith(primary) && storageKey.charAt(primary.length()) == VARIANT_SEPARATOR
                && storageKey.endsWith(variant);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && serviceId.equals(k.serviceId) && url.equals(k.url) && primary.equals(k.primary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serviceId, url, primary);
    }

    @Override
    public String toString() {
        return "CacheKey[serviceId=" + serviceId + ", url=" + url + ", primary=" + primary + "]";
    }
}
