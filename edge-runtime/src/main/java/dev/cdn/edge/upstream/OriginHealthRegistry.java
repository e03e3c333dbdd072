package dev.cdn.edge.upstream;

import dev.cdn.config.Origin;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link OriginHealth} of every origin this node uses, by service and origin name. An origin's state is
 * created when it is first selected or checked (or at the latest by {@link #sync}), replaced when its address
 * changes, and dropped by {@link #sync} once it leaves the config.
 */
public final class OriginHealthRegistry {

    /** An origin of a service. */
    public record Key(String serviceId, String origin) {
    }

    private final Map<Key, OriginHealth> states = new ConcurrentHashMap<>();
    private final HealthSettings settings;
    private final Clock clock;
    private final HealthRecorder recorder;

    public OriginHealthRegistry(HealthSettings settings, Clock clock, HealthRecorder recorder) {
        this.settings = settings;
        this.clock = clock;
        this.recorder = recorder;
    }

    public HealthSettings settings() {
        return settings;
    }

    HealthRecorder recorder() {
        return recorder;
    }

    /** The state of {@code origin} of a service, created (or renewed, when its address changed) as needed. */
    public OriginHealth of(String serviceId, Origin origin) {
        Key key = new Key(serviceId, origin.name());
        while (true) {
            OriginHealth current = states.get(key);
            if (current != null && current.sameEndpoint(origin)) {
                return current;
            }
            OriginHealth fresh = new OriginHealth(serviceId, origin, settings, clock);
            boolean won = current == null ? states.putIfAbsent(key, fresh) == null : states.replace(key, current, fresh);
            if (won) {
                if (current != null) {
                    recorder.forgotten(current);
                }
                recorder.tracked(fresh);
                return fresh;
            }
            // Another request created it first: take theirs.
        }
    }

    /**
     * Makes the tracked origins exactly {@code live}: forgets the others (and those whose address changed) and
     * starts tracking those not seen yet, so every origin in use is reported and has gauges, if only as unknown.
     */
    public void sync(Map<Key, Origin> live) {
        states.forEach((key, health) -> {
            Origin now = live.get(key);
            if ((now == null || !health.sameEndpoint(now)) && states.remove(key, health)) {
                recorder.forgotten(health);
            }
        });
        live.forEach((key, origin) -> of(key.serviceId(), origin));
    }

    /** What is known of every tracked origin, by service then origin name. */
    public List<OriginHealth.View> views() {
        return states.values().stream().map(OriginHealth::view)
                .sorted(Comparator.comparing(OriginHealth.View::serviceId).thenComparing(OriginHealth.View::origin))
                .toList();
    }
}
