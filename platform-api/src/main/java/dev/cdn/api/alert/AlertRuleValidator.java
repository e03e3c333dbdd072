package dev.cdn.api.alert;

import dev.cdn.api.error.Validation;
import dev.cdn.config.Names;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a rule's body and completes it with the kind's defaults, naming every bad field. Pure: the webhook's
 * address is checked against the SSRF rules separately ({@link WebhookAddress}), since that resolves a name.
 */
final class AlertRuleValidator {

    static final int MAX_EMAILS = 10;

    private AlertRuleValidator() {
    }

    /**
     * @param mailConfigured whether the operator configured an SMTP server; without one, e-mail recipients are
     *                       refused rather than stored and never sent
     */
    static AlertRule check(AlertRuleRequest r, boolean mailConfigured, Validation v) {
        AlertKind kind = r.kind() == null ? null : AlertKind.fromWire(r.kind()).orElse(null);
        if (r.kind() == null) {
            v.add("kind", "is required");
        } else if (kind == null) {
            v.add("kind", "must be one of " + Arrays.stream(AlertKind.values()).map(AlertKind::wireName)
                    .collect(Collectors.joining(", ")));
        }
        if (r.name() != null) {
            v.name(r.name(), "name", Names.DISPLAY_MAX);
        }
        List<String> emails = r.emails() == null ? List.of() : r.emails();
        v.require(emails.size() <= MAX_EMAILS, "emails", "at most " + MAX_EMAILS + " recipients");
        for (int i = 0; i < emails.size() && i < MAX_EMAILS; i++) {
            v.email(emails.get(i), "emails[" + i + "]");
        }
        v.require(emails.isEmpty() || mailConfigured, "emails",
                "e-mail notifications are not configured on this platform (the operator sets spring.mail.host)");
        if (r.webhookUrl() != null) {
            WebhookAddress.syntaxProblem(r.webhookUrl()).ifPresent(problem -> v.add("webhookUrl", problem));
        }
        if (kind == null) {
            return null;
        }
        Double threshold = r.threshold();
        if (!kind.hasThreshold()) {
            v.require(threshold == null, "threshold", "does not apply to " + kind.wireName()
                    + " (it fires on the window alone)");
        } else if (threshold == null) {
            threshold = kind.defaultThreshold();
        } else {
            v.require(!threshold.isNaN() && threshold >= kind.minThreshold() && threshold <= kind.maxThreshold(),
                    "threshold", "must be between " + kind.minThreshold() + " and " + kind.maxThreshold()
                            + (kind == AlertKind.ORIGIN_LATENCY_P95_ABOVE ? " milliseconds"
                            : " (a fraction: 0.7 is 70 %)"));
        }
        int window = r.windowSeconds() == null ? kind.defaultWindow() : r.windowSeconds();
        v.require(window >= kind.minWindow(), "windowSeconds", "is too short for " + kind.wireName()
                + ": at least " + kind.minWindow() + " s");
        v.require(window <= kind.maxWindow(), "windowSeconds", "is too long for " + kind.wireName()
                + ": at most " + kind.maxWindow() + " s");
        String name = r.name() == null ? kind.wireName() : r.name().trim();
        return new AlertRule(name, kind, threshold, window, r.enabled() == null || r.enabled(),
                r.webhookUrl(), emails.stream().map(e -> e == null ? "" : e.trim()).toList());
    }
}
