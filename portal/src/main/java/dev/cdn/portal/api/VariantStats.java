package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/** A service's experiment variants over a range, as the edges counted them (docs/edge-logic.md). */
public record VariantStats(Instant from, Instant to, List<Variant> variants) {

    public VariantStats {
        variants = ApiModels.list(variants);
    }

    /** One variant: its requests, cache hit ratio, status classes and mean origin time (null without fetches). */
    public record Variant(String experiment, String variant, long requests, long hits, long misses, double hitRatio,
                          long status2xx, long status3xx, long status4xx, long status5xx, long originFetches,
                          Double originMeanMillis) {
    }
}
