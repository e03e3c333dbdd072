package dev.cdn.portal.api;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's calls on a service's alert rules and the history of their states. */
@Component
public class AlertsClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    AlertsClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** {@code GET /v1/services/{id}/alerts}: the service's alert rules with their state, and the kinds of rule. */
    public Mono<AlertRules> listAlerts(String token, String serviceId) {
        return api.call("GET /v1/services/{id}/alerts", token, http.get().uri("/v1/services/{id}/alerts", serviceId),
                AlertRules.class);
    }

    public Mono<AlertRule> getAlert(String token, String serviceId, String ruleId) {
        return api.call("GET /v1/services/{id}/alerts/{ruleId}", token,
                http.get().uri("/v1/services/{id}/alerts/{ruleId}", serviceId, ruleId), AlertRule.class);
    }

    public Mono<AlertRule> createAlert(String token, String serviceId, AlertRuleRequest rule) {
        return api.call("POST /v1/services/{id}/alerts", token,
                http.post().uri("/v1/services/{id}/alerts", serviceId).bodyValue(rule), AlertRule.class);
    }

    public Mono<AlertRule> updateAlert(String token, String serviceId, String ruleId, AlertRuleRequest rule) {
        return api.call("PUT /v1/services/{id}/alerts/{ruleId}", token,
                http.put().uri("/v1/services/{id}/alerts/{ruleId}", serviceId, ruleId).bodyValue(rule),
                AlertRule.class);
    }

    public Mono<Void> deleteAlert(String token, String serviceId, String ruleId) {
        return api.call("DELETE /v1/services/{id}/alerts/{ruleId}", token,
                http.delete().uri("/v1/services/{id}/alerts/{ruleId}", serviceId, ruleId));
    }

    /** {@code GET /v1/services/{id}/alert-history}: the latest changes of the rules' states, newest first. */
    public Mono<List<AlertEvent>> alertHistory(String token, String serviceId, int limit) {
        return api.call("GET /v1/services/{id}/alert-history", token, http.get().uri(b -> b
                        .path("/v1/services/{id}/alert-history").queryParam("limit", limit).build(serviceId)),
                new ParameterizedTypeReference<Items<AlertEvent>>() { }).map(Items::items);
    }
}
