package dev.cdn.edge.topology;

import dev.cdn.config.topology.Topology;
import dev.cdn.edge.upstream.ShieldTopology;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the control plane's topology document into the shield tier's {@link ShieldTopology}, keeping region order. */
final class PushedTopology {

    private PushedTopology() {
    }

    /** The document was validated when read (names, URLs, duplicates), so this cannot refuse it. */
    static ShieldTopology shields(Topology topology) {
        Map<String, List<ShieldTopology.Shield>> regions = new LinkedHashMap<>();
        for (Topology.Region r : topology.regions()) {
            regions.put(r.name(), r.shields().stream()
                    .map(s -> new ShieldTopology.Shield(s.name(), r.name(), URI.create(s.url()))).toList());
        }
        return new ShieldTopology(regions);
    }

    /** This node's region under {@code topology}: the region listing its PoP, else its {@code --region}. */
    static String region(Topology topology, String pop, String flagRegion) {
        String listed = topology.regionOf(pop);
        return listed != null ? listed : flagRegion;
    }
}
