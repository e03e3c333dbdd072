package dev.cdn.portal.api;

import java.util.List;

/**
 * One CDN service of a tenant, as listed by {@code GET /v1/services}.
 *
 * @param activeVersion the configuration version edges serve, {@code null} while none is active
 * @param latestVersion the newest configuration version, possibly not yet activated
 */
public record ServiceSummary(String id, String name, List<String> domains, Integer activeVersion,
        Integer latestVersion, String etag) {

    public ServiceSummary {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }
}
