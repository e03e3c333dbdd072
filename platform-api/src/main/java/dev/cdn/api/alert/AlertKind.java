package dev.cdn.api.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an alert rule watches, with its default threshold and window and the ranges a rule may set. The defaults
 * are the design's critical thresholds (its {@code CDNMetrics}: cache hit rate below 0.70 for 5 minutes, 5xx rate
 * above 1 %, origin latency above 2000 ms for 3 minutes, purge propagation within 30 s). Ratios are fractions
 * (0.7 = 70 %), times milliseconds.
 */
enum AlertKind {

    /** The edges' hit ratio (fresh and stale hits over cache lookups) fell below the threshold over the window. */
    HIT_RATIO_BELOW(0.70, 0.0, 1.0, 300, 60, 86_400),
    /** The share of client responses with a 5xx status rose above the threshold over the window. */
    ERROR_RATE_ABOVE(0.01, 0.0, 1.0, 300, 60, 86_400),
    /**
     * The 95th percentile of the origin's response times (request sent to response headers, as edges and shields
     * time their fetches) rose above the threshold, in milliseconds, over the window.
     */
    ORIGIN_LATENCY_P95_ABOVE(2000.0, 1, 10_000, 180, 60, 86_400),
    /** An origin of the service has been reported unhealthy by a node for at least the window. */
    ORIGIN_UNHEALTHY(null, 0, 0, 60, 0, 86_400),
    /** A purge or an activation was not applied by every live edge and shield within the window. */
    ACK_OVERDUE(null, 0, 0, 30, 5, 3_600),
    /** A node of the fleet has not been heard from (or its stream ended) for at least the window. */
    EDGE_OFFLINE(null, 0, 0, 120, 30, 86_400),
    /**
     * The platform's last attempt to obtain or renew the service's certificate (ACME) failed, or a domain's newest
     * certificate ends within the window (here the window is how far ahead to look: 14 days by default, 1 to 60).
     */
    CERTIFICATE_FAILING(null, 0, 0, 14 * 86_400, 86_400, 60 * 86_400);

    /**
     * Statistics are per minute: a window shorter than one would judge a partial minute; a ratio or percentile over
     * fewer lookups, requests or origin fetches than this is not judged at all (one miss on an idle service is not
     * an outage).
     */
    static final long MIN_SAMPLE = 10;

    private final Double defaultThreshold;
    private final double minThreshold;
    private final double maxThreshold;
    private final int defaultWindow;
    private final int minWindow;
    private final int maxWindow;

    AlertKind(Double defaultThreshold, double minThreshold, double maxThreshold, int defaultWindow, int minWindow,
              int maxWindow) {
        this.defaultThreshold = defaultThreshold;
        this.minThreshold = minThreshold;
        this.maxThreshold = maxThreshold;
        this.defaultWindow = defaultWindow;
        this.minWindow = minWindow;
        this.maxWindow = maxWindow;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AlertKind> fromWire(String text) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(text)).findFirst();
    }

    /** True for the kinds judged against a threshold; the others fire on a duration alone. */
    boolean hasThreshold() {
        return defaultThreshold != null;
    }

    Double defaultThreshold() {
        return defaultThreshold;
    }

    double minThreshold() {
        return minThreshold;
    }

    double maxThreshold() {
        return maxThreshold;
    }

    int defaultWindow() {
        return defaultWindow;
    }

    int minWindow() {
        return minWindow;
    }

    int maxWindow() {
        return maxWindow;
    }

    /** Whether a measured value breaks the rule: below the threshold, above it, or any counted item at all. */
    boolean breaks(double value, Double threshold) {
        return switch (this) {
            case HIT_RATIO_BELOW -> value < threshold;
            case ERROR_RATE_ABOVE, ORIGIN_LATENCY_P95_ABOVE -> value > threshold;
            case ORIGIN_UNHEALTHY, ACK_OVERDUE, EDGE_OFFLINE, CERTIFICATE_FAILING -> value >= 1;
        };
    }
}
