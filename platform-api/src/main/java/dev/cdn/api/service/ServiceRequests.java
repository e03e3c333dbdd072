package dev.cdn.api.service;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceSettings;
import java.util.List;

/** Request bodies of the service endpoints. Origins, rules and settings use the config-model shapes. */
final class ServiceRequests {

    private ServiceRequests() {
    }

    /** Body of {@code POST /v1/services}: creates the service and its draft version 1 (with its note). */
    record Create(String name, List<String> domains, List<Origin> origins, List<CacheRule> rules,
                  ServiceSettings settings, String note) {

        /** A service whose first version has no note. */
        Create(String name, List<String> domains, List<Origin> origins, List<CacheRule> rules,
               ServiceSettings settings) {
            this(name, domains, origins, rules, settings, null);
        }
    }

    /**
     * Body of {@code POST .../versions/{n}/clone} (optional) and of {@code PATCH .../versions/{n}}: the new draft's
     * note, or the draft's new note (null or empty: none).
     */
    record Note(String note) {
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
