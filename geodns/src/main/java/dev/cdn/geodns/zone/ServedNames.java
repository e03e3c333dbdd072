package dev.cdn.geodns.zone;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The names this responder is authoritative for: its zones (e.g. {@code cdn.example}) and the live service host
 * names (tenants' verified domains). A service host name is answered both as itself (when its owner delegated it
 * here) and under each zone, {@code www.shop.example.cdn.example}: the CNAME target a tenant points its name at.
 * Names are compared in lower case (RFC 4343) without the final dot.
 */
public record ServedNames(List<String> zones, Set<String> hostNames) {

    /** What a name is, and the zone it falls in (the longest matching zone; empty for a delegated host name). */
    public record Classification(NameKind kind, Optional<String> zone) {
    }

    public ServedNames {
        zones = zones.stream().map(ServedNames::canonical).sorted((a, b) -> b.length() - a.length()).toList();
        hostNames = Set.copyOf(hostNames.stream().map(ServedNames::canonical).toList());
    }

    public static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    public Classification classify(String queried) {
        String name = canonical(queried);
        for (String zone : zones) {
            if (name.equals(zone)) {
                return new Classification(NameKind.APEX, Optional.of(zone));
            }
            if (name.endsWith("." + zone)) {
                String inner = name.substring(0, name.length() - zone.length() - 1);
                return new Classification(hostNames.contains(inner) || hostNames.contains(name)
                        ? NameKind.SERVICE : NameKind.UNKNOWN_IN_ZONE, Optional.of(zone));
            }
        }
        return new Classification(hostNames.contains(name) ? NameKind.SERVICE : NameKind.OUTSIDE, Optional.empty());
    }
}
