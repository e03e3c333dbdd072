package dev.cdn.edge.upstream;

import dev.cdn.config.Origin;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigSnapshot;
import dev.cdn.edge.routing.CompiledRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Chooses the upstreams of a request. An edge with a shield tier sends services that enable shielding along the
 * failover chain of docs/routing.md: the shields {@link ShieldTier#chain} orders for the request's key (home shield,
 * the rest of the service's region, other regions; those marked down by passive health skipped), then the origins,
 * unless {@link ShieldDownPolicy#FAIL} keeps the origins shielded (then a miss finding every shield down fails at
 * once). {@link Failover} moves a request to the next step only when it cannot have reached the previous one, so a
 * POST is never sent to a second shield. Otherwise, and for the origin step, the candidates come from the rule's
 * origin pool:
 * <ol>
 *   <li>the usable origin with weight &gt; 0 that {@link SmoothWeightedRoundRobin} picks, so load follows weight;</li>
 *   <li>the other usable weighted origins, in list order (the failover order);</li>
 *   <li>the usable backups (weight 0), in list order: used only when every weighted origin is down;</li>
 *   <li>when no origin is usable at all, every origin in that same order (fail open: trying beats a sure 502).</li>
 * </ol>
 * "Usable" is {@link OriginHealth#usable()}: not failing active checks and not ejected by traffic.
 */
public final class UpstreamSelector {

    private final EdgeRole role;
    /** Read once per request: a topology change swaps the tier, and a request keeps the one it was planned on. */
    private final java.util.function.Supplier<ShieldTier> shields;
    private final OriginHealthRegistry health;
    private final ShieldDownPolicy shieldDown;
    /** One balancer per service and pool; replaced when the service's config is recompiled. */
    private final Map<String, SmoothWeightedRoundRobin> balancers = new ConcurrentHashMap<>();

    /** @param shields the shield tier; empty for a shield, or an edge without one */
    public UpstreamSelector(EdgeRole role, ShieldTier shields, OriginHealthRegistry health,
                            ShieldDownPolicy shieldDown) {
        this(role, () -> shields, health, shieldDown);
    }

    /** @param shields the current shield tier, which may be replaced at any time (a pushed topology) */
    public UpstreamSelector(EdgeRole role, java.util.function.Supplier<ShieldTier> shields, OriginHealthRegistry health,
                            ShieldDownPolicy shieldDown) {
        this.role = role;
        this.shields = shields;
        this.health = health;
        this.shieldDown = shieldDown;
    }

    /** The plan of a request whose key (the shield tier is hashed on it) is {@code key}. */
    public UpstreamPlan select(CompiledService service, CompiledRule rule, String key) {
        return select(service, rule, key, null, false);
    }

    /**
     * The plan of a request whose edge logic may choose the pool ({@code pool}, null for the rule's) and may shape
     * the origin request beyond its URL ({@code direct}): such a request goes to the origins, never through a
     * shield, whose cache is keyed on the URL alone.
     */
    public UpstreamPlan select(CompiledService service, CompiledRule rule, String key, String pool, boolean direct) {
        return plan(service, service.pool(pool != null ? pool : rule.rule().originPool()), key, direct);
    }

    private UpstreamPlan plan(CompiledService service, List<Origin> pool, String key, boolean direct) {
        ShieldTier shields = this.shields.get();
        if (direct || !routesToShield(service, shields)) {
            return new UpstreamPlan(service.id(), originOrder(service, pool), health.recorder());
        }
        Origin first = pool.get(0);
        String region = service.config().settings().shieldRegion();
        List<UpstreamTarget> chain = new ArrayList<>(shields.chain(region, key, first.connectTimeoutMs(),
                first.readTimeoutMs()));
        if (shieldDown == ShieldDownPolicy.FAIL) {
            if (chain.isEmpty()) {
                return new UpstreamPlan(service.id(), List.of(shields.home(region, key, first.connectTimeoutMs(),
                        first.readTimeoutMs())), health.recorder(), true);
            }
            return new UpstreamPlan(service.id(), chain, health.recorder());
        }
        // The last step: the origins, as if unshielded.
        chain.addAll(originOrder(service, pool));
        return new UpstreamPlan(service.id(), chain, health.recorder());
    }

    private List<UpstreamTarget> originOrder(CompiledService service, List<Origin> pool) {
        int n = pool.size();
        OriginHealth[] states = new OriginHealth[n];
        boolean[] usable = new boolean[n];
        for (int i = 0; i < n; i++) {
            states[i] = health.of(service.id(), pool.get(i));
            usable[i] = states[i].usable();
        }
        int first = n == 1 ? (usable[0] && pool.get(0).weight() > 0 ? 0 : -1) : balancer(service, pool).next(usable);
        List<UpstreamTarget> order = new ArrayList<>(n);
        if (first >= 0) {
            order.add(target(pool.get(first), states[first]));
        }
        addInFailoverOrder(order, pool, states, i -> i != first && usable[i]);
        if (order.isEmpty()) {
            addInFailoverOrder(order, pool, states, i -> true);
        }
        return order;
    }

    /** Adds the origins that {@code include} admits: weighted ones in list order, then backups in list order. */
    private static void addInFailoverOrder(List<UpstreamTarget> order, List<Origin> pool, OriginHealth[] states,
                                           IntPredicate include) {
        for (int pass = 0; pass < 2; pass++) {
            boolean backups = pass == 1;
            for (int i = 0; i < pool.size(); i++) {
                if (include.test(i) && (pool.get(i).weight() == 0) == backups) {
                    order.add(target(pool.get(i), states[i]));
                }
            }
        }
    }

    /** The region this node is in. */
    public String region() {
        return shields.get().ownRegion();
    }

    /** Whether this node sends the service's misses to its shield rather than to the origins. */
    public boolean routesToShield(CompiledService service) {
        return routesToShield(service, shields.get());
    }

    private boolean routesToShield(CompiledService service, ShieldTier shields) {
        return role == EdgeRole.EDGE && !shields.isEmpty() && service.config().settings().shieldEnabled();
    }

    /**
     * The origins this node sends requests to under {@code snapshot}: every origin of each service it does not
     * route to its shield. Also drops the balancers of services that are gone.
     */
    public Map<OriginHealthRegistry.Key, Origin> originsInUse(ConfigSnapshot snapshot) {
        Map<OriginHealthRegistry.Key, Origin> out = new HashMap<>();
        for (CompiledService s : snapshot.services().values()) {
            if (!routesToShield(s)) {
                for (Origin o : s.config().origins()) {
                    out.put(new OriginHealthRegistry.Key(s.id(), o.name()), o);
                }
            }
        }
        balancers.keySet().removeIf(key -> snapshot.service(key.substring(0, key.indexOf('\u0000'))) == null);
        return out;
    }

    private SmoothWeightedRoundRobin balancer(CompiledService service, List<Origin> pool) {
        String key = service.id() + '\u0000' + pool.get(0).pool();
        SmoothWeightedRoundRobin b = balancers.get(key);
        if (b != null && b.members() == pool) {
            return b;
        }
        return balancers.compute(key, (k, old) -> old != null && old.members() == pool ? old
                : new SmoothWeightedRoundRobin(pool));
    }

    private static UpstreamTarget target(Origin o, OriginHealth health) {
        return new UpstreamTarget(o.host(), o.port(), o.tls(), o.hostHeader(), o.connectTimeoutMs(), o.readTimeoutMs(),
                null, health, RouteStep.ORIGIN);
    }
}
