package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/** One change of an alert rule's state, with what became of each channel's notification. */
public record AlertEvent(long id, String ruleId, String ruleName, String kind, String state, Double value,
        String detail, Instant at, List<Notification> notifications) {

    public AlertEvent {
        notifications = ApiModels.list(notifications);
    }

    /** {@code pending} (being tried), {@code sent} or {@code failed} (given up). */
    public record Notification(String channel, String target, String status, int attempts, String lastError,
            Instant sentAt) {
    }
}
