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
 * @param shieldRegion      the shield region whose shields take the service's misses; null means each edge's own
 *                          region (docs/routing.md)
 * @param logSampleRate     the share of requests that become real-time log records, from 0 (none) to 1 (every
 *                          one); null means every request (docs/observability.md, "Real-time logs")
 * @param esi               the service's ESI bounds within the edge's own (docs/esi.md); null means the edge's
 * @param secrets           the service's origin-authentication header and debug-token hash, only in configs pushed
 *                          to nodes (docs/routing.md, "Origin authentication and debug headers"); null means none
 */
public record ServiceSettings(
        Integer defaultTtlSeconds,
        Boolean shieldEnabled,
        List<String> languages,
        Long maxObjectBytes,
        String shieldRegion,
        Double logSampleRate,
        EsiSettings esi,
        ServiceSecrets secrets) {

    /** What a shield region's name looks like, here and in an edge's {@code --region} and {@code --shields}. */
    public static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public static final long DEFAULT_MAX_OBJECT_BYTES = 64L * 1024 * 1024;
    public static final ServiceSettings DEFAULTS = new ServiceSettings(null, true, List.of(), DEFAULT_MAX_OBJECT_BYTES,
            null, null, EsiSettings.DEFAULTS);

    /** Settings without secrets (the form every version holds: secrets are added only to configs pushed to nodes). */
    public ServiceSettings(Integer defaultTtlSeconds, Boolean shieldEnabled, List<String> languages,
                           Long maxObjectBytes, String shieldRegion, Double logSampleRate, EsiSettings esi) {
        this(defaultTtlSeconds, shieldEnabled, languages, maxObjectBytes, shieldRegion, logSampleRate, esi, null);
    }

    /** The same settings carrying {@code newSecrets} (null or empty: none). */
    public ServiceSettings withSecrets(ServiceSecrets newSecrets) {
        return new ServiceSettings(defaultTtlSeconds, shieldEnabled, languages, maxObjectBytes, shieldRegion,
                logSampleRate, esi, newSecrets == null || newSecrets.hasNone() ? null : newSecrets);
    }

    /** Settings whose misses go to each edge's own shield region. */
    public ServiceSettings(Integer defaultTtlSeconds, Boolean shieldEnabled, List<String> languages,
                           Long maxObjectBytes) {
        this(defaultTtlSeconds, shieldEnabled, languages, maxObjectBytes, null);
    }

    /** Settings that log every request, with the edge nodes' own ESI limits. */
    public ServiceSettings(Integer defaultTtlSeconds, Boolean shieldEnabled, List<String> languages,
                           Long maxObjectBytes, String shieldRegion) {
        this(defaultTtlSeconds, shieldEnabled, languages, maxObjectBytes, shieldRegion, null, null);
    }

    /** Settings with the edge nodes' own ESI limits. */
    public ServiceSettings(Integer defaultTtlSeconds, Boolean shieldEnabled, List<String> languages,
                           Long maxObjectBytes, String shieldRegion, Double logSampleRate) {
        this(defaultTtlSeconds, shieldEnabled, languages, maxObjectBytes, shieldRegion, logSampleRate, null);
    }

    /** Settings that log every request. */
    public ServiceSettings(Integer defaultTtlSeconds, Boolean shieldEnabled, List<String> languages,
                           Long maxObjectBytes, String shieldRegion, EsiSettings esi) {
        this(defaultTtlSeconds, shieldEnabled, languages, maxObjectBytes, shieldRegion, null, esi);
    }

    /** The share of requests logged: {@link #logSampleRate}, or 1 when unset. */
    public double logSampleRateOrAll() {
        return logSampleRate == null ? 1.0 : logSampleRate;
    }

    public ServiceSettings {
        shieldEnabled = shieldEnabled == null || shieldEnabled;
        languages = languages == null ? List.of() : List.copyOf(languages);
        maxObjectBytes = maxObjectBytes == null ? DEFAULT_MAX_OBJECT_BYTES : maxObjectBytes;
        esi = esi == null ? EsiSettings.DEFAULTS : esi;
    }
}
