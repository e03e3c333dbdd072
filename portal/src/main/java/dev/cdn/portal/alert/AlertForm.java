package dev.cdn.portal.alert;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.cdn.portal.api.AlertRule;
import dev.cdn.portal.api.AlertRuleRequest;
import dev.cdn.portal.web.FormErrors;

/**
 * The alert rule form: kind, name, threshold (a fraction, blank for the kind's default), window in seconds (blank
 * for the default), whether it is on, a webhook URL and e-mail recipients one per line.
 */
public record AlertForm(String kind, String name, String threshold, String windowSeconds, String enabled,
        String webhookUrl, String emails) {

    static final Set<String> FIELDS = Set.of("kind", "name", "threshold", "windowSeconds", "webhookUrl", "emails");

    public AlertForm {
        kind = kind == null || kind.isBlank() ? "hit_ratio_below" : kind;
        name = name == null ? "" : name;
        threshold = threshold == null ? "" : threshold.strip();
        windowSeconds = windowSeconds == null ? "" : windowSeconds.strip();
        webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
        emails = emails == null ? "" : emails;
    }

    static AlertForm empty() {
        return new AlertForm("hit_ratio_below", "", "", "", "on", "", "");
    }

    static AlertForm of(AlertRule rule) {
        return new AlertForm(rule.kind(), rule.name(), rule.threshold() == null ? "" : rule.threshold().toString(),
                Integer.toString(rule.windowSeconds()), rule.enabled() ? "on" : null,
                rule.webhookUrl() == null ? "" : rule.webhookUrl(), String.join("\n", rule.emails()));
    }

    public boolean isEnabled() {
        return enabled != null && !enabled.isBlank();
    }

    /** What the browser sent that is not a number where one is needed; the API checks the rest. */
    FormErrors check() {
        FormErrors errors = FormErrors.none();
        if (!threshold.isEmpty() && parseDouble(threshold) == null) {
            errors = errors.withField("threshold", "Enter a fraction such as 0.7 (70 %), or leave it blank for the default.");
        }
        if (!windowSeconds.isEmpty() && parseInt(windowSeconds) == null) {
            errors = errors.withField("windowSeconds", "Enter a whole number of seconds, or leave it blank for the default.");
        }
        return errors;
    }

    AlertRuleRequest toRequest() {
        return new AlertRuleRequest(name.isBlank() ? null : name.strip(), kind,
                threshold.isEmpty() ? null : parseDouble(threshold),
                windowSeconds.isEmpty() ? null : parseInt(windowSeconds), isEnabled(),
                webhookUrl.isEmpty() ? null : webhookUrl, emailList());
    }

    List<String> emailList() {
        return Arrays.stream(emails.split("[\\n\\r,]+")).map(String::strip).filter(e -> !e.isEmpty()).toList();
    }

    /** {@code emails[1]} is the form's {@code emails}. */
    static String formField(String apiField) {
        return apiField.matches("^emails\\[\\d+]$") ? "emails" : apiField;
    }

    private static Double parseDouble(String text) {
        try {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
