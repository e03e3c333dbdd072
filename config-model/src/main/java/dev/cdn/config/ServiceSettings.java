package dev.cdn.config;

import java.util.List;

/**
 * Service-wide settings.
 *
 * @param defaultTtlSeconds edge TTL for a cacheable response that carries no freshness information at all
 *                          (used instead of heuristic freshness when set); null means RFC 9111 heuristics
 * @param shieldEnabled     whether misses go through the shield tier (when the edge has one) or straight to origin
 * @param languages         the languages Accept-Language is normalized to before keying; empty means no
 *                          normalization; the first is the fallback
 * @param maxObjectBytes    responses larger than this stream through uncached
 */
public record ServiceSettings(
        Integer defaultTtlSeconds,
        Boolean shieldEnabled,
        List<String> languages,
        Long maxObjectBytes) {

    public static final long DEFAULT_MAX_OBJECT_BYTES = 64L * 1024 * 1024;
    public static final ServiceSettings DEFAULTS = new ServiceSettings(null, true, List.of(), DEFAULT_MAX_OBJECT_BYTES);

    public ServiceSettings {
        shieldEnabled = shieldEnabled == null || shieldEnabled;
        languages = languages == null ? List.of() : List.copyOf(languages);
        maxObjectBytes = maxObjectBytes == null ? DEFAULT_MAX_OBJECT_BYTES : maxObjectBytes;
    }
}
