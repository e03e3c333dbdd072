package dev.cdn.edge.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A per-service purge generation. A fill reads the generation before it goes upstream and stores only if no
 * purge of the service happened meanwhile, so a purge racing an in-flight fill never lets the old response in.
 */
public final class Generations {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    public long current(String serviceId) {
        return counters.computeIfAbsent(serviceId, id -> new AtomicLong()).get();
    }

    /** Called by every purge before it removes anything. */
    public void bump(String serviceId) {
        counters.computeIfAbsent(serviceId, id -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Stores an object only if the service's generation is still {@code expected}; re-checks after the put and
     * undoes it when a purge slipped in between (the purge bumps first, then removes).
     */
    public boolean storeIfCurrent(Storage storage, CachedObject object, long expected) {
        String service = object.key().serviceId();
        if (current(service) != expected) {
            return false;
        }
        storage.put(object, expected);
        if (current(service) != expected) {
            storage.remove(object.storageKey());
            return false;
        }
        return true;
    }
}
