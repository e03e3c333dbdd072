package dev.cdn.edge.config;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.routing.CompiledRule;
import dev.cdn.edge.routing.RuleSelector;
import java.util.List;

/** One service's config compiled for the request path: rule matchers, query filters and origin pools. */
public final class CompiledService {

    private static final CompiledRule DEFAULT_RULE = new CompiledRule(CacheRule.DEFAULT);

    private final ServiceConfig config;
    private final RuleSelector rules;

    private CompiledService(ServiceConfig config, RuleSelector rules) {
        this.config = config;
        this.rules = rules;
    }

    /** Compiles a validated config; throws IllegalArgumentException when a matcher does not compile. */
    public static CompiledService compile(ServiceConfig config) {
        List<CompiledRule> compiled = config.rules().stream().map(CompiledRule::new).toList();
        return new CompiledService(config, new RuleSelector(compiled, DEFAULT_RULE));
    }

    public ServiceConfig config() {
        return config;
    }

    public String id() {
        return config.id();
    }

    public long version() {
        return config.version();
    }

    public CompiledRule rule(String normalizedPath, String method) {
        return rules.select(normalizedPath, method);
    }

    /** The first origin of a pool in list order (list order is the failover order). */
    public Origin origin(String pool) {
        String p = pool == null ? Origin.DEFAULT_POOL : pool;
        for (Origin o : config.origins()) {
            if (o.pool().equals(p)) {
                return o;
            }
        }
        return config.origins().get(0);
    }
}
