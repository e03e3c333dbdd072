package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/**
 * An alert rule of a service and its state ({@code firing} or {@code resolved}); {@code webhookSecret} is present
 * only in the answer that created it; {@code lastValue} is null while there was too little data to judge.
 */
public record AlertRule(String id, String serviceId, String name, String kind, Double threshold, int windowSeconds,
        boolean enabled, String webhookUrl, String webhookSecret, List<String> emails, String state,
        Instant stateSince, Double lastValue, Instant evaluatedAt, Instant createdAt, Instant updatedAt) {

    public AlertRule {
        emails = ApiModels.list(emails);
    }

    public boolean isFiring() {
        return "firing".equals(state);
    }

    /** Whether threshold and last value are fractions shown as percentages (hit ratio, 5xx rate). */
    public boolean isRatio() {
        return kind.equals("hit_ratio_below") || kind.equals("error_rate_above");
    }
}
