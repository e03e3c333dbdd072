package dev.cdn.portal.alert;

import java.util.Map;

import dev.cdn.portal.api.AlertRule;
import dev.cdn.portal.web.Formats;

/**
 * The words the pages use for the kinds of alert rule and their conditions, as {@code ${@alertKinds.label(k)}}.
 */
@org.springframework.stereotype.Component("alertKinds")
public class AlertKinds {

    private static final Map<String, String> LABELS = Map.of(
            "hit_ratio_below", "Hit ratio below a threshold",
            "error_rate_above", "5xx rate above a threshold",
            "origin_latency_p95_above", "Origin latency p95 above a threshold",
            "origin_unhealthy", "An origin unhealthy",
            "ack_overdue", "A purge or activation not applied in time",
            "edge_offline", "An edge or shield offline",
            "certificate_failing", "A certificate order failing or a certificate ending");

    private final Formats fmt;

    AlertKinds(Formats fmt) {
        this.fmt = fmt;
    }

    public String label(String kind) {
        return LABELS.getOrDefault(kind, kind);
    }

    /** The rule's condition in a sentence, e.g. "hit ratio below 70 % over 300 s". */
    public String condition(AlertRule rule) {
        String window = rule.windowSeconds() + " s";
        return switch (rule.kind()) {
            case "hit_ratio_below" -> "hit ratio below " + fmt.percent(rule.threshold()) + " over " + window;
            case "error_rate_above" -> "5xx rate above " + fmt.percent(rule.threshold()) + " over " + window;
            case "origin_latency_p95_above" -> "origin latency p95 above " + Math.round(rule.threshold()) + " ms over "
                    + window;
            case "origin_unhealthy" -> "an origin unhealthy for " + window;
            case "ack_overdue" -> "a purge or activation not applied by every edge within " + window;
            case "edge_offline" -> "an edge or shield not heard from for " + window;
            case "certificate_failing" -> "a certificate order failed, or a certificate ends within "
                    + rule.windowSeconds() / 86_400 + " days";
            default -> rule.kind();
        };
    }

    /** The latest measurement as the page shows it. */
    public String value(AlertRule rule) {
        if (rule.lastValue() == null) {
            return rule.evaluatedAt() == null ? "not evaluated yet" : "not enough data";
        }
        if (rule.kind().equals("origin_latency_p95_above")) {
            return "at most " + fmt.count(Math.round(rule.lastValue())) + " ms";
        }
        return rule.isRatio() ? fmt.percent(rule.lastValue()) : fmt.count(Math.round(rule.lastValue()));
    }
}
