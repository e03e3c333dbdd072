package dev.cdn.edge.sim;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's baseline: a plain least-recently-used cache bounded in bytes, with no admission and no segments.
 * The edge's {@code lru} admission is not this any more: it admits everything, but into the W-TinyLFU segments, whose
 * protected part resists scans.
 */
final class PlainLru {

    private final LinkedHashMap<Integer, Integer> map = new LinkedHashMap<>(1024, 0.75f, true);
    private final long capacity;
    private long weight;

    PlainLru(long capacity) {
        this.capacity = capacity;
    }

    /** Whether {@code key} is held, without touching its recency. */
    boolean contains(int key) {
        return map.containsKey(key);
    }

    /** A request: true on a hit; a miss stores the object, evicting the least recently used until it fits. */
    boolean request(int key, int size) {
        if (map.get(key) != null) {
            return true;
        }
        if (size > capacity) {
            return false;
        }
        map.put(key, size);
        weight += size;
        for (Iterator<Map.Entry<Integer, Integer>> it = map.entrySet().iterator(); weight > capacity && it.hasNext(); ) {
            Map.Entry<Integer, Integer> e = it.next();
            weight -= e.getValue();
            it.remove();
        }
        return false;
    }
}
