package dev.cdn.api.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An alert rule as the API shows it, with its current state. {@code webhookSecret} (the key of the webhook's
 * signature) is shown only in the answer that created it; afterwards only whether one is set.
 * {@code lastValue} is the latest measurement (null when there was too little data to judge).
 */
record AlertRuleView(UUID id, UUID serviceId, String name, String kind, Double threshold, int windowSeconds,
                     boolean enabled, String webhookUrl, String webhookSecret, List<String> emails, String state,
                     Instant stateSince, Double lastValue, Instant evaluatedAt, Instant createdAt, Instant updatedAt) {

    AlertRuleView withSecret(String secret) {
        return new AlertRuleView(id, serviceId, name, kind, threshold, windowSeconds, enabled, webhookUrl, secret,
                emails, state, stateSince, lastValue, evaluatedAt, createdAt, updatedAt);
    }
}
