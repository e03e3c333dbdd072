package dev.cdn.edge.upstream;

import dev.cdn.config.Origin;
import dev.cdn.edge.EdgeRole;
import dev.cdn.edge.config.CompiledService;
import dev.cdn.edge.config.ConfigSnapshot;
import dev.cdn.edge.routing.CompiledRule;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Chooses the upstreams of a request. An edge with a shield sends services that enable shielding to the shield
 * (one candidate, no failover: the shield has its own) while {@link ShieldHealth} has it up; while it is down,
 * {@link ShieldDownPolicy} either fails those misses at once or sends them to the origins. Otherwise the candidates
 * come from the rule's origin pool:
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
    private final URI shield;
    private final OriginHealthRegistry health;
    private final ShieldHealth shieldHealth;
    private final ShieldDownPolicy shieldDown;
    /** One balancer per service and pool; replaced when the service's config is recompiled. */
    private final Map<String, SmoothWeightedRoundRobin> balancers = new ConcurrentHashMap<>();

    public UpstreamSelector(EdgeRole role, URI shield, OriginHealthRegistry health, ShieldHealth shieldHealth,
                            ShieldDownPolicy shieldDown) {
        this.role = role;
        this.shield = shield;
        this.health = health;
        this.shieldHealth = shieldHealth;
        this.shieldDown = shieldDown;
    }

    public UpstreamPlan select(CompiledService service, CompiledRule rule) {
        List<Origin> pool = service.pool(rule.rule().originPool());
        if (routesToShield(service)) {
            boolean up = shieldHealth.usable();
            if (up || shieldDown == ShieldDownPolicy.FAIL) {
                Origin origin = pool.get(0);
                boolean tls = "https".equals(shield.getScheme());
                int port = shield.getPort() > 0 ? shield.getPort() : tls ? 443 : 80;
                // The shield routes by Host too, so the client's Host goes through unchanged.
                return new UpstreamPlan(service.id(), List.of(new UpstreamTarget(shield.getHost(), port, tls, null,
                        origin.connectTimeoutMs(), origin.readTimeoutMs(), true, null)), health.recorder(),
                        shieldHealth, !up);
            }
            // Down, and the policy sends its misses to the origins meanwhile: the pool below, as if unshielded.
        }
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
        return new UpstreamPlan(service.id(), order, health.recorder());
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

    /** Whether this node sends the service's misses to its shield rather than to the origins. */
    public boolean routesToShield(CompiledService service) {
        return role == EdgeRole.EDGE && shield != null && service.config().settings().shieldEnabled();
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
                false, health);
    }
}
