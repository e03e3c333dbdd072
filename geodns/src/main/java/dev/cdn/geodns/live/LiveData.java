package dev.cdn.geodns.live;

import dev.cdn.geodns.choice.PopHealth;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What the control plane last said: the service host names that exist and each PoP's health. {@code fetchedAt}
 * is when it was read (null: never, the static configuration only).
 */
public record LiveData(Set<String> hostNames, Map<String, PopHealth> health, Instant fetchedAt) {

    public LiveData {
        hostNames = Set.copyOf(hostNames);
        health = Map.copyOf(health);
    }

    public static LiveData staticOnly(Set<String> hostNames) {
        return new LiveData(hostNames, Map.of(), null);
    }
}
