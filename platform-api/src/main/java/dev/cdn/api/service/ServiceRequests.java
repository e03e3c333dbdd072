package dev.cdn.api.service;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceSettings;
import java.util.List;

/** Request bodies of the service endpoints. Origins, rules and settings use the config-model shapes. */
final class ServiceRequests {

    private ServiceRequests() {
    }

    /** Body of {@code POST /v1/services}: creates the service and its draft version 1. */
    record Create(String name, List<String> domains, List<Origin> origins, List<CacheRule> rules,
                  ServiceSettings settings) {
    }

    /** Body of {@code PUT /v1/services/{id}/versions/{n}}: replaces a draft's whole configuration. */
    record Replace(String name, List<String> domains, List<Origin> origins, List<CacheRule> rules,
                   ServiceSettings settings) {
    }

    record Domain(String name) {
    }

    record RuleOrder(List<String> names) {
    }
}
