package dev.cdn.api.alert;

import java.util.List;

/**
 * Body of {@code POST /v1/services/{id}/alerts} and {@code PUT /v1/services/{id}/alerts/{ruleId}} (a PUT replaces
 * the whole rule). Only {@code kind} is required: the threshold and window default to the kind's
 * ({@link AlertKind}), the name to the kind's name, {@code enabled} to true, the channels to none.
 */
record AlertRuleRequest(String name, String kind, Double threshold, Integer windowSeconds, Boolean enabled,
                        String webhookUrl, List<String> emails) {
}
