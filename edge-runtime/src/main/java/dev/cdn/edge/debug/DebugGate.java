package dev.cdn.edge.debug;

import dev.cdn.config.ServiceSecrets;
import dev.cdn.config.ServiceSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decides whether a request gets debug headers: only when it carries the service's debug token. Counts every request
 * that presented one, granted or refused, in {@code edge_debug_requests_total{outcome}}.
 */
public final class DebugGate {

    private final Map<DebugOutcome, Counter> counters = new EnumMap<>(DebugOutcome.class);

    public DebugGate(MeterRegistry registry) {
        for (DebugOutcome o : new DebugOutcome[] {DebugOutcome.GRANTED, DebugOutcome.REFUSED}) {
            counters.put(o, Counter.builder("edge_debug_requests_total")
                    .description("Requests that presented a debug token (Cdn-Debug), by outcome")
                    .tag("outcome", o.tag()).register(registry));
        }
    }

    /** The outcome for a request presenting {@code presented} (null: none) to a service with {@code settings}. */
    public DebugOutcome check(ServiceSettings settings, String presented) {
        if (presented == null) {
            return DebugOutcome.NONE;
        }
        ServiceSecrets secrets = settings.secrets();
        DebugOutcome outcome = secrets != null && DebugToken.matches(presented, secrets.debugTokenSha256())
                ? DebugOutcome.GRANTED : DebugOutcome.REFUSED;
        counters.get(outcome).increment();
        return outcome;
    }
}
