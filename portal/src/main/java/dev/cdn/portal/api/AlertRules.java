package dev.cdn.portal.api;

import java.util.List;

/** {@code GET /v1/services/{id}/alerts}: the service's rules and every kind of rule. */
public record AlertRules(List<AlertRule> items, List<AlertKind> kinds) {

    public AlertRules {
        items = ApiModels.list(items);
        kinds = ApiModels.list(kinds);
    }
}
