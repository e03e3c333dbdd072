package dev.cdn.edge.logic;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters of edge logic: how often each rule matched and answered, and per experiment variant the requests by
 * cache status, the responses by status class and the origin's latency. Tags are bounded by the configuration
 * (rule, experiment and variant names are identifiers the operator chose). Meters are looked up in a map after the
 * first request, never rebuilt per request.
 */
public final class LogicMeters {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public LogicMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One request's outcome once its response is over. */
    public void request(String serviceId, LogicOutcome outcome, String cacheStatus, int httpStatus) {
        if (outcome == LogicOutcome.NONE) {
            return;
        }
        for (String rule : outcome.rules()) {
            counter("edge.logic.rule.matches", "Requests each edge-logic rule matched", serviceId, "rule", rule,
                    null, null).increment();
        }
        Answer answer = outcome.answer();
        if (answer != null) {
            counter("edge.logic.answers", "Requests edge logic answered itself, by rule and kind", serviceId,
                    "rule", answer.rule(), "kind", answer.kind().token).increment();
        }
        String statusClass = httpStatus / 100 + "xx";
        for (Assignment a : outcome.assignments()) {
            String exp = a.experiment();
            String variant = a.variantName();
            counter("edge.experiment.requests", "Requests per experiment variant, by cache status", serviceId,
                    "experiment", exp, "variant", variant, "cache_status", cacheStatus.toLowerCase(Locale.ROOT))
                    .increment();
            counter("edge.experiment.responses", "Responses per experiment variant, by status class", serviceId,
                    "experiment", exp, "variant", variant, "status_class", statusClass).increment();
        }
    }

    /** The origin answered a request of these variants after {@code latency}. */
    public void originLatency(String serviceId, LogicOutcome outcome, Duration latency) {
        for (Assignment a : outcome.assignments()) {
            String key = serviceId + '\u0000' + a.experiment() + '\u0000' + a.variantName();
            timers.computeIfAbsent(key, k -> Timer.builder("edge.experiment.origin.latency")
                    .description("Time to the origin's response headers, per experiment variant")
                    .tag("service", serviceId).tag("experiment", a.experiment()).tag("variant", a.variantName())
                    .register(registry)).record(latency);
        }
    }

    private Counter counter(String name, String description, String serviceId, String... tags) {
        StringBuilder key = new StringBuilder(name).append('\u0000').append(serviceId);
        for (String t : tags) {
            key.append('\u0000').append(t);
        }
        return counters.computeIfAbsent(key.toString(), k -> {
            Counter.Builder b = Counter.builder(name).description(description).tag("service", serviceId);
            for (int i = 0; i + 1 < tags.length; i += 2) {
                if (tags[i] != null) {
                    b = b.tag(tags[i], tags[i + 1]);
                }
            }
            return b.register(registry);
        });
    }
}
