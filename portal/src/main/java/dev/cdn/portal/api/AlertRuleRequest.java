package dev.cdn.portal.api;

import java.util.List;

/** Body of creating or replacing an alert rule; nulls take the kind's defaults. */
public record AlertRuleRequest(String name, String kind, Double threshold, Integer windowSeconds, Boolean enabled,
        String webhookUrl, List<String> emails) {
}
