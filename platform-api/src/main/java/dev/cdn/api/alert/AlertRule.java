package dev.cdn.api.alert;

import java.util.List;

/** A rule's settings once checked and completed with the kind's defaults: what is stored. */
record AlertRule(String name, AlertKind kind, Double threshold, int windowSeconds, boolean enabled,
                 String webhookUrl, List<String> emails) {
}
