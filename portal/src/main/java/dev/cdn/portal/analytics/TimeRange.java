package dev.cdn.portal.analytics;

import java.time.Duration;
import java.util.Arrays;

/** The ranges the analytics page offers, each with a step that keeps charts at 60 to 168 points. */
public enum TimeRange {

    HOUR("1h", "Last hour", Duration.ofHours(1), Duration.ofMinutes(1)),
    SIX_HOURS("6h", "Last 6 hours", Duration.ofHours(6), Duration.ofMinutes(5)),
    DAY("24h", "Last 24 hours", Duration.ofHours(24), Duration.ofMinutes(15)),
    WEEK("7d", "Last 7 days", Duration.ofDays(7), Duration.ofHours(1));

    private final String key;
    private final String label;
    private final Duration length;
    private final Duration step;

    TimeRange(String key, String label, Duration length, Duration step) {
        this.key = key;
        this.label = label;
        this.length = length;
        this.step = step;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    public Duration step() {
        return step;
    }

    /** The range named by {@code key}; anything unknown is the last hour. */
    public static TimeRange of(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst().orElse(HOUR);
    }
}
