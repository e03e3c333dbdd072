package dev.cdn.edge.prefetch;

import java.util.ArrayList;
import java.util.List;

/**
 * What followed one object: at most {@code capacity} successors with their counts (when full, a new successor
 * replaces the least counted and inherits its count, as in Space-Saving, so a successor that keeps coming back
 * gets in), and how often the object itself was requested. Synchronized: a handful of array slots per call.
 */
final class Successors {

    private final String[] keys;
    private final long[] counts;
    private long seen;

    Successors(int capacity) {
        keys = new String[capacity];
        counts = new long[capacity];
    }

    synchronized void seen() {
        seen++;
    }

    synchronized void followedBy(String key) {
        int least = 0;
        for (int i = 0; i < keys.length; i++) {
            if (key.equals(keys[i])) {
                counts[i]++;
                return;
            }
            if (keys[i] == null) {
                keys[i] = key;
                counts[i] = 1;
                return;
            }
            if (counts[i] < counts[least]) {
                least = i;
            }
        }
        keys[least] = key;
        counts[least]++;
    }

    /** Successors seen at least {@code minCount} times and after at least {@code minConfidence} of the requests, likeliest first. */
    synchronized List<String> likely(int minCount, double minConfidence, int max) {
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && counts[i] >= minCount && seen > 0 && (double) counts[i] / seen >= minConfidence) {
                picked.add(i);
            }
        }
        picked.sort((a, b) -> Long.compare(counts[b], counts[a]));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(max, picked.size()); i++) {
            out.add(keys[picked.get(i)]);
        }
        return out;
    }
}
