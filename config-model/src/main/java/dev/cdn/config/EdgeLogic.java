package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What a service's edges do to requests and responses beyond caching: experiments (A/B tests) and ordered
 * request/response rules. Empty for a service that only caches (docs/edge-logic.md).
 *
 * @param experiments A/B tests, each assigning a request to one of its variants; a request takes part in every
 *                    experiment whose match it meets
 * @param rules       request and response rules in order: every matching rule acts, and the first one that answers
 *                    by itself (redirect, synthetic response, CORS preflight) ends the list
 */
public record EdgeLogic(List<Experiment> experiments, List<LogicRule> rules) {

    public static final EdgeLogic NONE = new EdgeLogic(List.of(), List.of());

    public EdgeLogic {
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return experiments.isEmpty() && rules.isEmpty();
    }
}
