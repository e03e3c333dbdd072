package dev.cdn.api.ratelimit;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts each tenant's requests being worked on and refuses one beyond {@code max} (a bulkhead): a tenant whose
 * requests are slow cannot take more than its share of the event loops and database connections.
 */
final class InFlight {

    private final int max;
    /** Tenants with requests under way and how many; each change is one atomic compute on the tenant's entry. */
    private final ConcurrentHashMap<UUID, Integer> counts = new ConcurrentHashMap<>();

    InFlight(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Takes a place for the tenant, or answers false when all its places are taken. */
    boolean enter(UUID tenant) {
        boolean[] entered = new boolean[1];
        counts.compute(tenant, (t, n) -> {
            int now = n == null ? 0 : n;
            entered[0] = now < max;
            return entered[0] ? now + 1 : n;
        });
        return entered[0];
    }

    void leave(UUID tenant) {
        // Drops the entry once idle, so the map holds only tenants with requests under way.
        counts.computeIfPresent(tenant, (t, n) -> n <= 1 ? null : n - 1);
    }
}
