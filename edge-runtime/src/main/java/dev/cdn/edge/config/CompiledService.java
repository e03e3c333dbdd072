package dev.cdn.edge.config;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.protect.ProtectionGate;
import dev.cdn.edge.logic.CompiledLogic;
import dev.cdn.edge.routing.CompiledRule;
import dev.cdn.edge.routing.RuleSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One service's config compiled for the request path: rule matchers, query filters, origin pools, edge logic. */
public final class CompiledService {

    private static final CompiledRule DEFAULT_RULE = new CompiledRule(CacheRule.DEFAULT);

    private final ServiceConfig config;
    private final RuleSelector rules;
    /** Origins by pool, each list in configuration order; built once, so a pool's identity marks its version. */
    private final Map<String, List<Origin>> pools;
    private final ProtectionGate protection;
    /** Experiments and request/response rules, compiled with the rest of the version. */
    private final CompiledLogic logic;

    private CompiledService(ServiceConfig config, RuleSelector rules) {
        this.config = config;
        this.rules = rules;
        this.protection = ProtectionGate.compile(config.id(), config.protection());
        this.logic = CompiledLogic.compile(config.logic());
        Map<String, List<Origin>> byPool = new LinkedHashMap<>();
        for (Origin o : config.origins()) {
            byPool.computeIfAbsent(o.pool(), p -> new ArrayList<>()).add(o);
        }
        Map<String, List<Origin>> frozen = new LinkedHashMap<>();
        byPool.forEach((name, origins) -> frozen.put(name, List.copyOf(origins)));
        this.pools = Map.copyOf(frozen);
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

    /** The service's protection, compiled; {@link ProtectionGate#OPEN} when it has none. */
    public ProtectionGate protection() {
        return protection;
    }

    public CompiledLogic logic() {
        return logic;
    }

    public CompiledRule rule(String normalizedPath, String method) {
        return rules.select(normalizedPath, method);
    }

    /** The first origin of a pool in list order (list order is the failover order). */
    public Origin origin(String pool) {
        return pool(pool).get(0);
    }

    /**
     * The origins of a pool in list order (the failover order); a null name is {@link Origin#DEFAULT_POOL}. A
     * name no origin carries (possible only for the default pool: validation refuses other unknown names) falls
     * back to the pool of the first origin. The same list instance is returned for the life of this compiled
     * config.
     */
    public List<Origin> pool(String pool) {
        List<Origin> origins = pools.get(pool == null ? Origin.DEFAULT_POOL : pool);
        return origins != null ? origins : pools.get(config.origins().get(0).pool());
    }

    /** Every pool by name. */
    public Map<String, List<Origin>> pools() {
        return pools;
    }
}
