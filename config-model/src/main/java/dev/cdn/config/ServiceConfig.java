package dev.cdn.config;

import java.util.List;

/**
 * One service's compiled, immutable configuration at one version: the domains it answers for, its origins, its
 * cache rules in priority order (the first matching rule wins), the edge logic that shapes requests and responses,
 * and the protection that filters them.
 *
 * @param id         stable service id; every cache key is namespaced by it
 * @param tenantId   owning tenant, carried for metrics and isolation checks
 * @param version    monotonically increasing per service; an edge never replaces a config with an older version
 * @param logic      experiments and request/response rules (docs/edge-logic.md); empty when absent
 * @param protection signed URLs, rate limits, address lists and request filters (docs/edge-logic.md); empty when absent
 */
public record ServiceConfig(
        String id,
        String tenantId,
        String name,
        long version,
        List<String> domains,
        List<Origin> origins,
        List<CacheRule> rules,
        ServiceSettings settings,
        EdgeLogic logic,
        Protection protection) {

    public ServiceConfig {
        domains = domains == null ? List.of() : List.copyOf(domains);
        origins = origins == null ? List.of() : List.copyOf(origins);
        rules = rules == null ? List.of() : List.copyOf(rules);
        settings = settings == null ? ServiceSettings.DEFAULTS : settings;
        logic = logic == null ? EdgeLogic.NONE : logic;
        protection = protection == null ? Protection.NONE : protection;
    }

    /** A service that only caches: no edge logic, no protection. */
    public ServiceConfig(String id, String tenantId, String name, long version, List<String> domains,
                         List<Origin> origins, List<CacheRule> rules, ServiceSettings settings) {
        this(id, tenantId, name, version, domains, origins, rules, settings, EdgeLogic.NONE, Protection.NONE);
    }

    /** The same configuration stamped with another version number. */
    public ServiceConfig withVersion(long newVersion) {
        return new ServiceConfig(id, tenantId, name, newVersion, domains, origins, rules, settings, logic, protection);
    }
}
