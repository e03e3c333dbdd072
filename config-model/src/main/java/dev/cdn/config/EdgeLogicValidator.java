package dev.cdn.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a service's {@link EdgeLogic}; each violation names its field under {@code logic}. Beyond each
 * experiment and rule on its own, it refuses duplicate names and rules that can never act because an earlier rule
 * answers every request they match.
 */
final class EdgeLogicValidator {

    static final int MAX_EXPERIMENTS = 10;
    static final int MAX_RULES = 200;

    private EdgeLogicValidator() {
    }

    static void validate(EdgeLogic logic, ServiceConfig service, List<Violation> out) {
        Set<String> pools = new HashSet<>();
        service.origins().forEach(o -> {
            if (o != null) {
                pools.add(o.pool());
            }
        });
        if (logic.experiments().size() > MAX_EXPERIMENTS) {
            out.add(new Violation("logic.experiments", "at most " + MAX_EXPERIMENTS + " experiments per service"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < logic.experiments().size(); i++) {
            Experiment e = logic.experiments().get(i);
            String at = "logic.experiments[" + i + "]";
            if (e == null) {
                out.add(new Violation(at, "must not be null"));
                continue;
            }
            ExperimentChecks.validate(e, at, pools, out);
            if (e.name() != null && !names.add(e.name())) {
                out.add(new Violation(at + ".name", "duplicate experiment name '" + e.name() + "'"));
            }
        }
        if (logic.rules().size() > MAX_RULES) {
            out.add(new Violation("logic.rules", "at most " + MAX_RULES + " rules per service"));
        }
        Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < logic.rules().size(); i++) {
            LogicRule r = logic.rules().get(i);
            String at = "logic.rules[" + i + "]";
            if (r == null) {
                out.add(new Violation(at, "must not be null"));
                continue;
            }
            LogicRuleChecks.validate(r, at, service.domains(), out);
            if (r.name() != null && !ruleNames.add(r.name())) {
                out.add(new Violation(at + ".name", "duplicate rule name '" + r.name() + "'"));
            }
        }
        shadowing(logic.rules(), out);
    }

    /**
     * A rule after one that answers (redirect, respond) every request it matches can never act: the earlier rule's
     * match is everything, or the same as the later one's.
     */
    private static void shadowing(List<LogicRule> rules, List<Violation> out) {
        for (int i = 0; i < rules.size(); i++) {
            LogicRule later = rules.get(i);
            if (later == null) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                LogicRule earlier = rules.get(j);
                if (earlier == null || !earlier.terminal()) {
                    continue;
                }
                if (earlier.match().equals(LogicMatch.ANY) || earlier.match().equals(later.match())) {
                    out.add(new Violation("logic.rules[" + i + "].match", "can never apply: rule '" + earlier.name()
                            + "' (logic.rules[" + j + "]) answers every request this one matches and comes first"));
                    break;
                }
            }
        }
    }
}
