package dev.cdn.edge.topology;

import dev.cdn.config.topology.Topology;
import dev.cdn.edge.upstream.ShieldTier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The shield tier a node routes misses by, replaced whole when the control plane pushes a topology (as configs are:
 * built once, then one reference swapped). A request reads the reference once when it is planned, so misses in
 * flight finish on the tier they started on. Until a topology is pushed (or read back from the state directory) the
 * tier comes from {@code --shields}/{@code --shield}; once one exists it wins, and this node's region is the region
 * that lists its PoP, else {@code --region}.
 */
public final class LiveShieldTier implements Supplier<ShieldTier> {

    /** One consistent view: the tier, the document it was built from (null for flags) and where that came from. */
    private record Current(ShieldTier tier, Topology pushed, TopologySource source) {
    }

    private final String pop;
    private final String flagRegion;
    private final AtomicReference<Current> current;

    public LiveShieldTier(ShieldTier startup, String pop, String flagRegion) {
        this.pop = pop;
        this.flagRegion = flagRegion;
        this.current = new AtomicReference<>(new Current(startup, null, TopologySource.FLAGS));
    }

    @Override
    public ShieldTier get() {
        return current.get().tier();
    }

    /** Builds the tier of {@code topology} and swaps it in. Applies run on one thread at a time. */
    public synchronized void apply(Topology topology, TopologySource source) {
        ShieldTier next = current.get().tier().withTopology(PushedTopology.shields(topology),
                PushedTopology.region(topology, pop, flagRegion));
        current.set(new Current(next, topology, source));
    }

    /** The version of the pushed topology this node runs; 0 while it runs its flags'. */
    public long version() {
        Topology pushed = current.get().pushed();
        return pushed == null ? 0 : pushed.version();
    }

    public TopologySource source() {
        return current.get().source();
    }

    /** What {@code GET /topology} on the admin listener shows. */
    public Map<String, Object> view() {
        Current c = current.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", c.source().label());
        out.put("version", c.pushed() == null ? 0 : c.pushed().version());
        out.put("pop", pop);
        out.put("region", c.tier().ownRegion());
        Map<String, List<Map<String, String>>> regions = new LinkedHashMap<>();
        c.tier().topology().regions().forEach((region, shields) -> regions.put(region, shields.stream()
                .map(s -> Map.of("name", s.name(), "url", s.url().toString())).toList()));
        out.put("regions", regions);
        return out;
    }
}
