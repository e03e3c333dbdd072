package dev.cdn.edge.upstream;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shields an edge sends misses to, each with its passive health, and the order one miss tries them in: the
 * healthy shields of the service's region in the cache key's {@link Rendezvous} order (so each object lives on one
 * shield, and a shield marked down hands only its own keys to their second choice), then the healthy shields of the
 * other regions, region by region in topology order, each in the key's order too.
 */
public final class ShieldTier {

    private final ShieldTopology topology;
    private final String ownRegion;
    private final Map<String, List<ShieldHealth>> byRegion = new LinkedHashMap<>();
    private final Map<String, URI> urls = new LinkedHashMap<>();

    private final HealthSettings settings;
    private final Clock clock;
    private final ShieldHealth.Recorder recorder;

    public ShieldTier(ShieldTopology topology, String ownRegion, HealthSettings settings, Clock clock,
                      ShieldHealth.Recorder recorder) {
        this(topology, ownRegion, settings, clock, recorder, null);
    }

    private ShieldTier(ShieldTopology topology, String ownRegion, HealthSettings settings, Clock clock,
                       ShieldHealth.Recorder recorder, ShieldTier previous) {
        this.topology = topology;
        this.ownRegion = ownRegion;
        this.settings = settings;
        this.clock = clock;
        this.recorder = recorder;
        topology.regions().forEach((region, shields) -> byRegion.put(region, shields.stream()
                .map(s -> {
                    urls.put(s.name(), s.url());
                    ShieldHealth kept = previous == null ? null : previous.health(s.name(), s.url());
                    return kept != null ? kept : new ShieldHealth(s.name(), settings, clock, recorder);
                }).toList()));
    }

    /**
     * The tier of another topology, built once and swapped in whole by its owner: a shield that keeps its name and
     * URL keeps its passive health (a shield marked down stays down), so a topology change does not send misses to
     * a shield known to be dead. Requests already planned on this tier finish on it.
     */
    public ShieldTier withTopology(ShieldTopology next, String nextOwnRegion) {
        return new ShieldTier(next, nextOwnRegion, settings, clock, recorder, this);
    }

    private ShieldHealth health(String name, URI url) {
        if (!url.equals(urls.get(name))) {
            return null;
        }
        for (List<ShieldHealth> shields : byRegion.values()) {
            for (ShieldHealth h : shields) {
                if (h.name().equals(name)) {
                    return h;
                }
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return topology.isEmpty();
    }

    public ShieldTopology topology() {
        return topology;
    }

    /** The region a service's misses go to when its settings name none: this edge's own. */
    public String ownRegion() {
        return ownRegion;
    }

    /**
     * The shields {@code key} tries, in order, skipping those marked down; empty when every shield is down.
     * {@code region} null or unknown here means the edge's own region (and an unknown one has no shields, so the
     * chain starts with the other regions).
     */
    public List<UpstreamTarget> chain(String region, String key, int connectTimeoutMs, int readTimeoutMs) {
        String home = region == null ? ownRegion : region;
        List<UpstreamTarget> out = new ArrayList<>();
        List<ShieldHealth> local = byRegion.getOrDefault(home, List.of());
        for (ShieldHealth h : Rendezvous.order(key, local, ShieldHealth::name)) {
            if (h.usable()) {
                out.add(target(h, out.isEmpty() ? RouteStep.PRIMARY : RouteStep.NEXT, connectTimeoutMs, readTimeoutMs));
            }
        }
        byRegion.forEach((r, shields) -> {
            if (!r.equals(home)) {
                for (ShieldHealth h : Rendezvous.order(key, shields, ShieldHealth::name)) {
                    if (h.usable()) {
                        out.add(target(h, RouteStep.OTHER_REGION, connectTimeoutMs, readTimeoutMs));
                    }
                }
            }
        });
        return out;
    }

    /** The key's home shield whatever its health: where a miss is reported not sent while every shield is down. */
    UpstreamTarget home(String region, String key, int connectTimeoutMs, int readTimeoutMs) {
        List<ShieldHealth> local = byRegion.get(region == null ? ownRegion : region);
        List<ShieldHealth> from = local != null ? local : byRegion.values().iterator().next();
        return target(Rendezvous.order(key, from, ShieldHealth::name).get(0), RouteStep.PRIMARY, connectTimeoutMs,
                readTimeoutMs);
    }

    private UpstreamTarget target(ShieldHealth h, RouteStep step, int connectTimeoutMs, int readTimeoutMs) {
        URI u = urls.get(h.name());
        boolean tls = "https".equals(u.getScheme());
        int port = u.getPort() > 0 ? u.getPort() : tls ? 443 : 80;
        // The shield routes by Host too, so the client's Host goes through unchanged (hostHeader null).
        String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
        return new UpstreamTarget(host, port, tls, null, connectTimeoutMs, readTimeoutMs, h, null, step);
    }
}
