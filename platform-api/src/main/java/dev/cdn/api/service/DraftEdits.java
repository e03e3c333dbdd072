package dev.cdn.api.service;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.config.CacheRule;
import dev.cdn.config.EdgeLogic;
import dev.cdn.config.HostNames;
import dev.cdn.config.Names;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The edits a draft accepts, as pure functions from one config to the next. */
final class DraftEdits {

    /** Rules are addressed by name in paths ({@code .../rules/{name}}), so a name is a URL-safe identifier. */
    private static final String RULE_NAME = Names.IDENTIFIER_RULE + " (rules are addressed by name in URLs)";

    private DraftEdits() {
    }

    static UnaryOperator<ServiceConfig> replace(ServiceRequests.Replace r) {
        return c -> {
            if (r.name() != null) {
                // Checked as sent: stripping must not hide a control character at either end.
                new Validation().name(r.name(), "name", Names.DISPLAY_MAX).throwIfInvalid();
            }
            // Edge logic and protection have routes of their own; replacing the rest keeps them.
            return new ServiceConfig(c.id(), c.tenantId(), r.name() == null ? c.name() : r.name().strip(), c.version(),
                    normalize(r.domains()), withNames(r.origins()), checkRuleNames(r.rules()), r.settings(), c.logic(),
                    c.protection());
        };
    }

    /** Replaces the experiments and request/response rules; a missing body clears them. */
    static UnaryOperator<ServiceConfig> logic(EdgeLogic logic) {
        return c -> new ServiceConfig(c.id(), c.tenantId(), c.name(), c.version(), c.domains(), c.origins(), c.rules(),
                c.settings(), logic, c.protection());
    }

    static UnaryOperator<ServiceConfig> addDomain(String domain) {
        return c -> {
            if (domain == null || domain.isBlank()) {
                throw ApiException.invalid("name", "is required");
            }
            String d = HostNames.normalize(domain);
            if (c.domains().contains(d)) {
                throw ApiException.invalid("name", "'" + d + "' is already a domain of this version");
            }
            List<String> domains = new ArrayList<>(c.domains());
            domains.add(d);
            return with(c, domains, c.origins(), c.rules(), c.settings());
        };
    }

    static UnaryOperator<ServiceConfig> removeDomain(String domain) {
        return c -> {
            String d = HostNames.normalize(domain);
            if (!c.domains().contains(d)) {
                throw ApiException.notFound("domain " + d);
            }
            return with(c, c.domains().stream().filter(x -> !x.equals(d)).toList(), c.origins(), c.rules(), c.settings());
        };
    }

    static UnaryOperator<ServiceConfig> addOrigin(Origin origin) {
        return c -> {
            Origin o = origin.name() == null ? rename(origin, "origin-" + (c.origins().size() + 1)) : origin;
            if (c.origins().stream().anyMatch(x -> x.name().equals(o.name()))) {
                throw ApiException.invalid("name", "an origin named '" + o.name() + "' already exists");
            }
            List<Origin> origins = new ArrayList<>(c.origins());
            origins.add(o);
            return with(c, c.domains(), origins, c.rules(), c.settings());
        };
    }

    static UnaryOperator<ServiceConfig> replaceOrigin(String name, Origin origin) {
        return c -> {
            Origin o = origin.name() == null ? rename(origin, name) : origin;
            List<Origin> origins = new ArrayList<>();
            boolean found = false;
            for (Origin x : c.origins()) {
                if (x.name().equals(name)) {
                    origins.add(o);
                    found = true;
                } else {
                    origins.add(x);
                }
            }
            if (!found) {
                throw ApiException.notFound("origin " + name);
            }
            return with(c, c.domains(), origins, c.rules(), c.settings());
        };
    }

    static UnaryOperator<ServiceConfig> removeOrigin(String name) {
        return c -> {
            if (c.origins().stream().noneMatch(x -> x.name().equals(name))) {
                throw ApiException.notFound("origin " + name);
            }
            return with(c, c.domains(), c.origins().stream().filter(x -> !x.name().equals(name)).toList(), c.rules(),
                    c.settings());
        };
    }

    static UnaryOperator<ServiceConfig> addRule(CacheRule rule, Integer position) {
        return c -> {
            requireRuleName(rule);
            if (c.rules().stream().anyMatch(x -> rule.name().equals(x.name()))) {
                throw ApiException.invalid("name", "a rule named '" + rule.name() + "' already exists");
            }
            List<CacheRule> rules = new ArrayList<>(c.rules());
            int at = position == null ? rules.size() : position;
            if (at < 0 || at > rules.size()) {
                throw ApiException.invalid("position", "must be between 0 and " + rules.size());
            }
            rules.add(at, rule);
            return with(c, c.domains(), c.origins(), rules, c.settings());
        };
    }

    static UnaryOperator<ServiceConfig> replaceRule(String name, CacheRule rule) {
        return c -> {
            CacheRule r = rule.name() == null ? renameRule(rule, name) : rule;
            List<CacheRule> rules = new ArrayList<>();
            boolean found = false;
            for (CacheRule x : c.rules()) {
                if (name.equals(x.name())) {
                    rules.add(r);
                    found = true;
                } else {
                    rules.add(x);
                }
            }
            if (!found) {
                throw ApiException.notFound("rule " + name);
            }
            return with(c, c.domains(), c.origins(), checkRuleNames(rules), c.settings());
        };
    }

    static UnaryOperator<ServiceConfig> removeRule(String name) {
        return c -> {
            if (c.rules().stream().noneMatch(x -> name.equals(x.name()))) {
                throw ApiException.notFound("rule " + name);
            }
            return with(c, c.domains(), c.origins(), c.rules().stream().filter(x -> !name.equals(x.name())).toList(),
                    c.settings());
        };
    }

    /** Puts the rules in the given order; the list must name every rule exactly once. */
    static UnaryOperator<ServiceConfig> reorderRules(List<String> names) {
        return c -> {
            Set<String> current = new HashSet<>();
            c.rules().forEach(r -> current.add(r.name()));
            if (names == null || names.size() != c.rules().size() || !current.equals(new HashSet<>(names))) {
                throw ApiException.invalid("names", "must list every rule of the version exactly once: " + current);
            }
            List<CacheRule> rules = names.stream()
                    .map(n -> c.rules().stream().filter(r -> n.equals(r.name())).findFirst().orElseThrow())
                    .toList();
            return with(c, c.domains(), c.origins(), rules, c.settings());
        };
    }

    static UnaryOperator<ServiceConfig> settings(ServiceSettings settings) {
        return c -> with(c, c.domains(), c.origins(), c.rules(), settings);
    }

    private static ServiceConfig with(ServiceConfig c, List<String> domains, List<Origin> origins, List<CacheRule> rules,
                                      ServiceSettings settings) {
        return new ServiceConfig(c.id(), c.tenantId(), c.name(), c.version(), domains, origins, rules, settings,
                c.logic(), c.protection());
    }

    private static List<String> normalize(List<String> domains) {
        return domains == null ? List.of() : domains.stream().map(d -> d == null ? null : HostNames.normalize(d)).toList();
    }

    private static List<Origin> withNames(List<Origin> origins) {
        if (origins == null) {
            return List.of();
        }
        List<Origin> out = new ArrayList<>();
        for (int i = 0; i < origins.size(); i++) {
            Origin o = origins.get(i);
            out.add(o == null || o.name() != null ? o : rename(o, "origin-" + (i + 1)));
        }
        return out;
    }

    private static List<CacheRule> checkRuleNames(List<CacheRule> rules) {
        if (rules == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            CacheRule r = rules.get(i);
            if (r == null) {
                continue;
            }
            if (!Names.isIdentifier(r.name())) {
                throw ApiException.invalid("rules[" + i + "].name", RULE_NAME);
            }
            if (!seen.add(r.name())) {
                throw ApiException.invalid("rules[" + i + "].name", "duplicate rule name '" + r.name() + "'");
            }
        }
        return rules;
    }

    private static void requireRuleName(CacheRule rule) {
        if (!Names.isIdentifier(rule.name())) {
            throw ApiException.invalid("name", RULE_NAME);
        }
    }

    static Origin rename(Origin o, String name) {
        return new Origin(name, o.host(), o.port(), o.tls(), o.hostHeader(), o.weight(), o.pool(), o.healthCheckPath(),
                o.connectTimeoutMs(), o.readTimeoutMs());
    }

    private static CacheRule renameRule(CacheRule r, String name) {
        return new CacheRule(name, r.match(), r.edgeTtlSeconds(), r.browserTtlSeconds(), r.bypass(), r.statusTtls(),
                r.ignoreOriginNoCache(), r.staleWhileRevalidateSeconds(), r.staleIfErrorSeconds(), r.queryMode(),
                r.queryParams(), r.varyHeaders(), r.keyHeaders(), r.keyCookies(), r.surrogateKeys(), r.esi(),
                r.admission(), r.originPool());
    }
}
