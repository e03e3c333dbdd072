package dev.cdn.config;

import java.util.List;

/**
 * One arm of an {@link Experiment}: its share of requests and what it changes on the way to the origin. The
 * variant is part of the cache key, so each variant's objects are cached apart.
 *
 * @param name           identifier; names the variant in metrics, stats and Cache-Status
 * @param weight         percent of the experiment's requests (0-100; the variants add up to 100)
 * @param originPool     the origin pool this variant's misses go to; null keeps the cache rule's pool
 * @param pathPrefix     prepended to the path sent to the origin (e.g. {@code /v2}); null sends the path unchanged
 * @param requestHeaders header changes on the request sent to the origin
 */
public record Variant(String name, int weight, String originPool, String pathPrefix, List<HeaderAction> requestHeaders) {

    public Variant {
        requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
    }
}
