package dev.cdn.edge.protect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The protection counters: {@code edge.protection.refused} by service, protection, reason and rule (the rate
 * limit's or filter's name, {@code -} for protections without names). Every tag comes from an enum or from the
 * services' configs, so the number of series stays bounded whatever clients send.
 */
public final class ProtectionMetrics {

    private final MeterRegistry registry;

    public ProtectionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A request a log-only filter matched and let through. */
    public void flagged(String serviceId, Refusal flagged) {
        Counter.builder("edge.protection.flagged")
                .description("Requests a log-only request filter matched and let through, by reason")
                .tag("service", serviceId).tag("protection", flagged.protector().wireName())
                .tag("reason", flagged.reason())
                .register(registry).increment();
    }

    public void refused(String serviceId, Verdict verdict) {
        Refusal refusal = verdict.refusal();
        Counter.builder("edge.protection.refused")
                .description("Requests a service's protection refused, by protection and reason")
                .tag("service", serviceId).tag("protection", refusal.protector().wireName())
                .tag("reason", refusal.reason()).tag("rule", verdict.rule() == null ? "-" : verdict.rule())
                .register(registry).increment();
    }
}
