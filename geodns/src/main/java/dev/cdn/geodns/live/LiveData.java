package dev.cdn.geodns.live;

import dev.cdn.geodns.choice.PopHealth;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What the control plane last said: the service host names that exist, each PoP's health and, for PoPs whose edges
 * reported one, its live load (0..1), which replaces the PoP file's figure. {@code fetchedAt} is when it was read
 * (null: never, the static configuration only).
 */
public record LiveData(Set<String> hostNames, Map<String, PopHealth> health, Instant fetchedAt,
                       Map<String, Double> load) {

    public LiveData {
        hostNames = Set.copyOf(hostNames);
        health = Map.copyOf(health);
        load = load == null ? Map.of() : Map.copyOf(load);
    }

    /** Without live load figures: the PoP file's stand. */
    public LiveData(Set<String> hostNames, Map<String, PopHealth> health, Instant fetchedAt) {
        this(hostNames, health, fetchedAt, Map.of());
    }

    public static LiveData staticOnly(Set<String> hostNames) {
        return new LiveData(hostNames, Map.of(), null);
    }
}
