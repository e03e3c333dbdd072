package dev.cdn.config;

import java.util.List;

/**
 * One node's answer to a {@link UrlProbe}: how it would handle the URL right now, from its own config snapshot and
 * its own tiers (docs/observability.md, "URL debugger"). Posted to {@code POST /v1/edge/probes}.
 *
 * @param probeId     the probe answered
 * @param nodeId      the node answering
 * @param role        {@code edge} or {@code shield}
 * @param error       why the node could not trace the URL (no service for its host, ...); null when it could
 * @param configVersion the version of the service's config the node runs
 * @param rule        the name of the rule that matches ({@code default} when none does)
 * @param cacheKey    the variant's storage key the request maps to
 * @param bypass      the cache is not consulted (method or rule)
 * @param upstream    where a miss goes: {@code shield <host:port>} or {@code origin <host:port>}
 * @param inMemory    the RAM tier holds the variant
 * @param onDisk      the disk tier holds the variant
 * @param status      the stored response's status; null when nothing is stored
 * @param ageSeconds  the stored response's current age (RFC 9111 section 4.2.3); null when nothing is stored
 * @param ttlSeconds  how long it stays fresh (negative: stale for that long); null when nothing is stored
 * @param cacheStatus what a request would get now: {@code HIT}, {@code UPDATING}, {@code EXPIRED}, {@code MISS},
 *                    {@code BYPASS}
 * @param headers     the response headers the node would send for a hit, as {@code [name, value]} pairs; empty
 *                    when it would fetch
 */
public record UrlProbeAnswer(String probeId, String nodeId, String role, String error, Long configVersion,
                             String rule, String cacheKey, Boolean bypass, String upstream, Boolean inMemory,
                             Boolean onDisk, Integer status, Long ageSeconds, Long ttlSeconds, String cacheStatus,
                             List<List<String>> headers) {

    public UrlProbeAnswer {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public static UrlProbeAnswer failed(String probeId, String nodeId, String role, String error) {
        return new UrlProbeAnswer(probeId, nodeId, role, error, null, null, null, null, null, null, null, null, null,
                null, null, List.of());
    }
}
