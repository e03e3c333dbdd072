package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One experiment variant's counts in a stats report; {@code originMillis} is the sum of its origin fetches' times.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VariantCount(String experiment, String variant, long requests, long hits, long misses, long status2xx,
                           long status3xx, long status4xx, long status5xx, long originFetches, long originMillis) {
}
