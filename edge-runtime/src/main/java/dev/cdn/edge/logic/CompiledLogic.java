package dev.cdn.edge.logic;

import dev.cdn.config.EdgeLogic;

/**
 * A service's edge logic compiled once per config version (globs, regexes, prefixes, templates, bucket ranges),
 * so a request only runs matchers: rules in order, each a few set lookups and at most one glob automaton run
 * before its field conditions, then the experiments. A service without logic pays one branch.
 */
public final class CompiledLogic {

    public static final CompiledLogic NONE = new CompiledLogic(EdgeLogic.NONE);

    private final CompiledLogicRule[] rules;
    private final CompiledExperiment[] experiments;
    private final boolean empty;

    private CompiledLogic(EdgeLogic logic) {
        this.rules = logic.rules().stream().map(CompiledLogicRule::new).toArray(CompiledLogicRule[]::new);
        this.experiments = logic.experiments().stream().map(CompiledExperiment::new)
                .toArray(CompiledExperiment[]::new);
        this.empty = logic.isEmpty();
    }

    /** Compiles validated logic; throws IllegalArgumentException when a matcher does not compile. */
    public static CompiledLogic compile(EdgeLogic logic) {
        return logic.isEmpty() ? NONE : new CompiledLogic(logic);
    }

    public boolean isEmpty() {
        return empty;
    }

    /**
     * Runs the rules in order (each matching rule acts; the first that answers ends the list, and the request takes
     * part in no experiment), then assigns the request its variant in each experiment it matches.
     */
    public LogicOutcome evaluate(LogicRequest request) {
        if (empty) {
            return LogicOutcome.NONE;
        }
        LogicOutcome.Builder b = new LogicOutcome.Builder();
        for (CompiledLogicRule rule : rules) {
            if (!rule.matches(request)) {
                continue;
            }
            b.rule(rule, request);
            Answer answer = rule.answer(request);
            if (answer != null) {
                b.answer(answer);
                return b.build();
            }
        }
        for (CompiledExperiment e : experiments) {
            Assignment a = e.assign(request);
            if (a != null) {
                b.assign(a);
            }
        }
        return b.build();
    }
}
