package dev.cdn.edge.routing;

import java.util.List;

/** Picks the first rule whose match holds, in configured order, else the compiled default rule. */
public final class RuleSelector {

    private final List<CompiledRule> rules;
    private final CompiledRule fallback;

    public RuleSelector(List<CompiledRule> rules, CompiledRule fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
    }

    public CompiledRule select(String normalizedPath, String method) {
        for (CompiledRule r : rules) {
            if (r.matches(normalizedPath, method)) {
                return r;
            }
        }
        return fallback;
    }
}
