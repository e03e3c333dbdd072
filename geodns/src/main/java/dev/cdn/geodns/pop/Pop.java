package dev.cdn.geodns.pop;

import dev.cdn.geodns.location.Location;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * A point of presence as the operator describes it: where it is, the edge addresses clients are sent to, and the
 * figures that weigh its choice: {@code load} (0 idle .. 1 full) and {@code latencyMs} (what the PoP adds to a
 * request, measured by the operator or reported by its edges). {@code drained} takes it out of every answer.
 */
public record Pop(String name, Location location, List<InetAddress> addresses, double load, double latencyMs,
                  boolean drained) {

    public Pop {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("a PoP name is 1-63 lowercase letters, digits or '-', got '" + name + "'");
        }
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("PoP " + name + " has no address");
        }
        if (!(load >= 0 && load <= 1)) {
            throw new IllegalArgumentException("PoP " + name + ": load must be within 0..1, got " + load);
        }
        if (!(latencyMs >= 0 && latencyMs <= 60_000)) {
            throw new IllegalArgumentException("PoP " + name + ": latency must be within 0..60000 ms, got " + latencyMs);
        }
    }

    /** Its addresses of one family: IPv4 for A queries, IPv6 for AAAA. */
    public List<InetAddress> addresses(boolean ipv4) {
        return addresses.stream().filter(a -> (a instanceof Inet4Address) == ipv4).toList();
    }
}
