package dev.cdn.geodns.location;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * IP-to-location lookup by longest prefix match: one hash map per prefix length in use, probed from the longest
 * length down, so a lookup costs at most one probe per distinct length (a few for real files), whatever the size.
 */
public final class LocationTable {

    /** A block and where it is. */
    public record Entry(Cidr block, Location location) {
    }

    private final Map<Integer, Map<ByteBuffer, Entry>> v4 = new HashMap<>();
    private final Map<Integer, Map<ByteBuffer, Entry>> v6 = new HashMap<>();
    private final TreeSet<Integer> v4Lengths = new TreeSet<>();
    private final TreeSet<Integer> v6Lengths = new TreeSet<>();
    private final int size;

    public LocationTable(List<Entry> entries) {
        for (Entry e : entries) {
            boolean four = e.block().network().length == 4;
            (four ? v4Lengths : v6Lengths).add(e.block().prefixLength());
            Map<ByteBuffer, Entry> byNetwork = (four ? v4 : v6).computeIfAbsent(e.block().prefixLength(), k -> new HashMap<>());
            if (byNetwork.putIfAbsent(ByteBuffer.wrap(e.block().network()), e) != null) {
                throw new IllegalArgumentException("block " + e.block() + " is listed twice");
            }
        }
        this.size = entries.size();
    }

    public static LocationTable empty() {
        return new LocationTable(List.of());
    }

    /** The most specific block containing the address (4 or 16 bytes). */
    public Optional<Entry> lookup(byte[] address) {
        boolean four = address.length == 4;
        Map<Integer, Map<ByteBuffer, Entry>> maps = four ? v4 : v6;
        for (int length : (four ? v4Lengths : v6Lengths).descendingSet()) {
            Entry e = maps.get(length).get(ByteBuffer.wrap(Cidr.mask(address, length)));
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public int size() {
        return size;
    }
}
