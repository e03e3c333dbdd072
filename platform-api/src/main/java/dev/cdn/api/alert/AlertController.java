package dev.cdn.api.alert;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Alert rules of a service under {@code /v1/services/{id}/alerts}, and their history. */
@RestController
class AlertController {

    private final AlertRules rules;
    private final AlertHistory history;

    AlertController(AlertRules rules, AlertHistory history) {
        this.rules = rules;
        this.history = history;
    }

    @Operation(summary = "The service's alert rules with their state, and every kind of rule with its defaults and"
            + " allowed ranges")
    @GetMapping("/v1/services/{id}/alerts")
    Mono<Map<String, Object>> list(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return rules.list(caller, id).map(items -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", items);
            out.put("kinds", Arrays.stream(AlertKind.values()).map(AlertKindView::of).toList());
            return out;
        });
    }

    @Operation(summary = "Create an alert rule; the answer carries the webhook's signing secret, shown only here;"
            + " 400 naming each bad field (threshold or window out of range, a webhook URL the SSRF rule refuses)")
    @PostMapping("/v1/services/{id}/alerts")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AlertRuleView> create(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                               @RequestBody AlertRuleRequest body) {
        return rules.create(caller, id, body);
    }

    @GetMapping("/v1/services/{id}/alerts/{ruleId}")
    Mono<AlertRuleView> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                            @PathVariable UUID ruleId) {
        return rules.get(caller, id, ruleId);
    }

    @Operation(summary = "Replace an alert rule's settings (its state and history stay; a changed kind is judged"
            + " afresh)")
    @PutMapping("/v1/services/{id}/alerts/{ruleId}")
    Mono<AlertRuleView> update(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                               @PathVariable UUID ruleId, @RequestBody AlertRuleRequest body) {
        return rules.update(caller, id, ruleId, body);
    }

    @DeleteMapping("/v1/services/{id}/alerts/{ruleId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                      @PathVariable UUID ruleId) {
        return rules.delete(caller, id, ruleId);
    }

    @Operation(summary = "The service's alert history: each rule's changes of state (firing, resolved), newest first,"
            + " with what became of each notification")
    @GetMapping("/v1/services/{id}/alert-history")
    Mono<Map<String, Object>> history(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                      @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > AlertHistory.MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + AlertHistory.MAX_LIMIT);
        }
        return rules.list(caller, id).then(history.recent(caller, id, limit)).map(items -> Map.of("items", items));
    }
}
