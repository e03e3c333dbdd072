package dev.cdn.portal.api;

/** A kind of alert rule with its defaults and allowed ranges (a null threshold: the kind has none). */
public record AlertKind(String kind, Double defaultThreshold, Double minThreshold, Double maxThreshold,
        int defaultWindowSeconds, int minWindowSeconds, int maxWindowSeconds) {
}
