package dev.cdn.edge.store;

import dev.cdn.edge.admission.AdmissionPolicy;
import dev.cdn.edge.admission.Admissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The L1 policy: a least-recently-used map bounded in bytes whose door is kept by an {@link AdmissionPolicy}
 * (TinyLFU-style: when admitting a candidate would evict, the candidate must be judged worth more than the
 * victims, else it is turned away and the hot set stays). Frequencies are tracked per primary key, so every
 * variant of a URL shares its popularity. One lock guards it: operations are O(1) amortised and never block on
 * I/O, so it is safe on event loops. The hit-ratio simulator replays traces through this same class.
 *
 * @param <V> the stored value
 */
public final class AdmittedLru<V> {

    /** What a put did. */
    public enum Outcome {
        ADMITTED,
        /** The admission policy preferred the current residents. */
        REJECTED,
        /** Larger than the whole tier. */
        TOO_LARGE
    }

    /** A put's outcome and the entries it evicted (to unindex, or demote to a lower tier). */
    public record PutResult<V>(Outcome outcome, List<V> evicted) {
    }

    private record Entry<V>(V value, long weight, long hash) {
    }

    private final LinkedHashMap<String, Entry<V>> map = new LinkedHashMap<>(256, 0.75f, true);
    private final long maxWeight;
    private final Admissions admissions;
    private long weight;

    public AdmittedLru(long maxWeight, Admissions admissions) {
        this.maxWeight = maxWeight;
        this.admissions = admissions;
    }

    /** One request for a primary key (hit or miss): what TinyLFU counts. */
    public synchronized void record(long hash) {
        admissions.record(hash);
    }

    /** The value, refreshed as most recently used; null when absent. */
    public synchronized V get(String key) {
        Entry<V> e = map.get(key);
        return e == null ? null : e.value;
    }

    public synchronized boolean contains(String key) {
        return map.containsKey(key);
    }

    public synchronized PutResult<V> put(String key, V value, long valueWeight, long hash, AdmissionPolicy policy) {
        if (valueWeight > maxWeight) {
            return new PutResult<>(Outcome.TOO_LARGE, List.of());
        }
        Entry<V> old = map.get(key);
        long need = weight - (old == null ? 0 : old.weight) + valueWeight - maxWeight;
        List<String> victims = new ArrayList<>();
        if (need > 0) {
            long freed = 0;
            int victimFrequency = 0;
            for (Iterator<Map.Entry<String, Entry<V>>> it = map.entrySet().iterator(); it.hasNext() && freed < need; ) {
                Map.Entry<String, Entry<V>> e = it.next();
                if (e.getKey().equals(key)) {
                    continue;
                }
                victims.add(e.getKey());
                freed += e.getValue().weight;
                victimFrequency = Math.max(victimFrequency, policy.frequency(e.getValue().hash));
            }
            // A replacement of a resident (a refresh) is always admitted; a newcomer must earn its place.
            if (old == null && !policy.admit(hash, valueWeight, victimFrequency, freed)) {
                return new PutResult<>(Outcome.REJECTED, List.of());
            }
        }
        List<V> evicted = new ArrayList<>(victims.size());
        for (String v : victims) {
            Entry<V> e = map.remove(v);
            weight -= e.weight;
            evicted.add(e.value);
        }
        Entry<V> replaced = map.put(key, new Entry<>(value, valueWeight, hash));
        if (replaced != null) {
            weight -= replaced.weight;
        }
        weight += valueWeight;
        return new PutResult<>(Outcome.ADMITTED, evicted);
    }

    /** Whether a newcomer of this weight would be admitted now; changes nothing. */
    public synchronized boolean wouldAdmit(long valueWeight, long hash, AdmissionPolicy policy) {
        if (valueWeight > maxWeight) {
            return false;
        }
        long need = weight + valueWeight - maxWeight;
        if (need <= 0) {
            return true;
        }
        long freed = 0;
        int victimFrequency = 0;
        for (Iterator<Entry<V>> it = map.values().iterator(); it.hasNext() && freed < need; ) {
            Entry<V> e = it.next();
            freed += e.weight;
            victimFrequency = Math.max(victimFrequency, policy.frequency(e.hash));
        }
        return policy.admit(hash, valueWeight, victimFrequency, freed);
    }

    public synchronized V remove(String key) {
        Entry<V> e = map.remove(key);
        if (e == null) {
            return null;
        }
        weight -= e.weight;
        return e.value;
    }

    /** Replaces a resident's value in place (same weight), e.g. to mark it soft-purged; null when absent. */
    public synchronized V replace(String key, UnaryOperator<V> change) {
        Entry<V> e = map.get(key);
        if (e == null) {
            return null;
        }
        V next = change.apply(e.value);
        map.put(key, new Entry<>(next, e.weight, e.hash));
        return next;
    }

    public synchronized long weightedSize() {
        return weight;
    }

    public synchronized int size() {
        return map.size();
    }

    /** A 64-bit FNV-1a hash of a key, for the frequency sketch. */
    public static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
