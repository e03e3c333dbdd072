package dev.cdn.geodns;

import dev.cdn.geodns.live.LiveData;
import dev.cdn.geodns.location.LocationTable;
import dev.cdn.geodns.pop.Pop;
import dev.cdn.geodns.zone.ServedNames;
import java.util.List;

/**
 * Everything one answer reads, immutable: the PoPs, the IP-to-location table, the live data and the names served
 * (built from the zones and the live host names). A query reads the current snapshot once and uses it to the end.
 */
public record RoutingSnapshot(List<Pop> pops, LocationTable locations, LiveData live, ServedNames names) {

    public RoutingSnapshot {
        pops = List.copyOf(pops);
    }

    public static RoutingSnapshot of(List<Pop> pops, LocationTable locations, LiveData live, List<String> zones) {
        return new RoutingSnapshot(pops, locations, live, new ServedNames(zones, live.hostNames()));
    }

    public RoutingSnapshot withLive(LiveData next) {
        return new RoutingSnapshot(pops, locations, next, new ServedNames(names.zones(), next.hostNames()));
    }

    public RoutingSnapshot withFiles(List<Pop> nextPops, LocationTable nextLocations) {
        return new RoutingSnapshot(nextPops, nextLocations, live, names);
    }
}
