package dev.cdn.config;

import java.util.List;

/**
 * One service's compiled, immutable configuration at one version: the domains it answers for, its origins and
 * its cache rules in priority order (the first matching rule wins).
 *
 * @param id       stable service id; every cache key is namespaced by it
 * @param tenantId owning tenant, carried for metrics and isolation checks
 * @param version  monotonically increasing per service; an edge never replaces a config with an older version
 */
public record ServiceConfig(
        String id,
        String tenantId,
        String name,
        long version,
        List<String> domains,
        List<Origin> origins,
        List<CacheRule> rules,
        ServiceSettings settings) {

    public ServiceConfig {
        domains = domains == null ? List.of() : List.copyOf(domains);
        origins = origins == null ? List.of() : List.copyOf(origins);
        rules = rules == null ? List.of() : List.copyOf(rules);
        settings = settings == null ? ServiceSettings.DEFAULTS : settings;
    }

    /** The same configuration stamped with another version number. */
    public ServiceConfig withVersion(long newVersion) {
        return new ServiceConfig(id, tenantId, name, newVersion, domains, origins, rules, settings);
    }
}
