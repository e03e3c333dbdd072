package dev.cdn.config.topology;

import java.util.List;

/**
 * The shield topology as the control plane holds and pushes it: regions in the order other regions are tried, each
 * with its shields and the edge PoPs whose misses it takes by default. {@code version} numbers the documents the
 * control plane stored (1, 2, ...); 0 is a topology no control plane made (flags, or none).
 *
 * @param version the topology version; increases by one with each stored change
 * @param regions the regions, in failover order
 */
public record Topology(long version, List<Region> regions) {

    /** An empty topology: no shield tier. */
    public static final Topology EMPTY = new Topology(0, List.of());

    public Topology {
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    /**
     * One region of the shield tier.
     *
     * @param name    the region name, as service settings name it ({@code settings.shieldRegion})
     * @param shields the region's shields
     * @param pops    the edge PoPs (their {@code --pop} names) whose own region this is
     */
    public record Region(String name, List<Shield> shields, List<String> pops) {

        public Region {
            shields = shields == null ? List.of() : List.copyOf(shields);
            pops = pops == null ? List.of() : List.copyOf(pops);
        }
    }

    /**
     * One shield.
     *
     * @param name names the shield in metrics, logs and {@code Cache-Status}; unique over the topology
     * @param url  the base URL misses are sent to: http or https with a host
     */
    public record Shield(String name, String url) {
    }

    /** The region that lists {@code pop} among its PoPs, or null when none does. */
    public String regionOf(String pop) {
        for (Region r : regions) {
            if (r.pops().contains(pop)) {
                return r.name();
            }
        }
        return null;
    }

    /** The same regions under another version number. */
    public Topology withVersion(long newVersion) {
        return new Topology(newVersion, regions);
    }
}
