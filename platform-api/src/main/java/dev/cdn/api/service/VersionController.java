package dev.cdn.api.service;

import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceSettings;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Editing and inspecting versions: replace a draft, edit its domains, origins, rules and settings, validate,
 * clone and diff. Every edit answers with the whole version as it now stands.
 */
@RestController
@RequestMapping("/v1/services/{id}/versions/{number}")
class VersionController {

    private final DraftEditor drafts;
    private final ServiceCatalog catalog;
    private final VersionValidator validator;
    private final JsonMapper json;

    VersionController(DraftEditor drafts, ServiceCatalog catalog, VersionValidator validator, JsonMapper json) {
        this.drafts = drafts;
        this.catalog = catalog;
        this.validator = validator;
        this.json = json;
    }

    @PutMapping
    Mono<ServiceView.Version> replace(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                      @PathVariable int number, @RequestBody ServiceRequests.Replace body) {
        return drafts.edit(caller, id, number, "version.update", DraftEdits.replace(body));
    }

    @PostMapping("/clone")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ServiceView.Version> cloneVersion(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                           @PathVariable int number) {
        return drafts.cloneVersion(caller, id, number);
    }

    /** Reports every problem that would stop activation, without changing anything. */
    @PostMapping("/validate")
    Mono<Map<String, Object>> validate(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                       @PathVariable int number) {
        return catalog.version(caller, id, number)
                .flatMap(v -> validator.problems(caller.tenantId(), id, v.config()))
                .map(errors -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("valid", errors.isEmpty());
                    out.put("errors", errors);
                    return out;
                });
    }

    @GetMapping("/diff/{other}")
    Mono<Map<String, Object>> diff(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                   @PathVariable int number, @PathVariable int other) {
        return catalog.version(caller, id, number).zipWith(catalog.version(caller, id, other), (a, b) -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("from", number);
            out.put("to", other);
            out.put("changes", ConfigDiff.diff(json.readTree(ConfigCodec.write(a.config())),
                    json.readTree(ConfigCodec.write(b.config()))));
            return out;
        });
    }

    @GetMapping("/domains")
    Mono<Map<String, Object>> domains(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                      @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Map.of("items", v.config().domains()));
    }

    @PostMapping("/domains")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ServiceView.Version> addDomain(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                        @PathVariable int number, @RequestBody ServiceRequests.Domain body) {
        return drafts.edit(caller, id, number, "domain.add", DraftEdits.addDomain(body.name()));
    }

    @DeleteMapping("/domains/{name}")
    Mono<ServiceView.Version> removeDomain(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                           @PathVariable int number, @PathVariable String name) {
        return drafts.edit(caller, id, number, "domain.remove", DraftEdits.removeDomain(name));
    }

    @GetMapping("/origins")
    Mono<Map<String, Object>> origins(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                      @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Map.<String, Object>of("items", v.config().origins()));
    }

    @PostMapping("/origins")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ServiceView.Version> addOrigin(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                        @PathVariable int number, @RequestBody Origin body) {
        return drafts.edit(caller, id, number, "origin.add", DraftEdits.addOrigin(body));
    }

    @PutMapping("/origins/{name}")
    Mono<ServiceView.Version> replaceOrigin(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                            @PathVariable int number, @PathVariable String name, @RequestBody Origin body) {
        return drafts.edit(caller, id, number, "origin.update", DraftEdits.replaceOrigin(name, body));
    }

    @DeleteMapping("/origins/{name}")
    Mono<ServiceView.Version> removeOrigin(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                           @PathVariable int number, @PathVariable String name) {
        return drafts.edit(caller, id, number, "origin.remove", DraftEdits.removeOrigin(name));
    }

    @GetMapping("/rules")
    Mono<Map<String, Object>> rules(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                    @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Map.<String, Object>of("items", v.config().rules()));
    }

    /** Adds a rule at the end, or at {@code position} (0 = highest priority). */
    @PostMapping("/rules")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ServiceView.Version> addRule(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                      @PathVariable int number, @RequestBody CacheRule body,
                                      @RequestParam(required = false) Integer position) {
        return drafts.edit(caller, id, number, "rule.add", DraftEdits.addRule(body, position));
    }

    @PutMapping("/rules/{name}")
    Mono<ServiceView.Version> replaceRule(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                          @PathVariable int number, @PathVariable String name,
                                          @RequestBody CacheRule body) {
        return drafts.edit(caller, id, number, "rule.update", DraftEdits.replaceRule(name, body));
    }

    @DeleteMapping("/rules/{name}")
    Mono<ServiceView.Version> removeRule(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                         @PathVariable int number, @PathVariable String name) {
        return drafts.edit(caller, id, number, "rule.remove", DraftEdits.removeRule(name));
    }

    @PutMapping("/rule-order")
    Mono<ServiceView.Version> reorderRules(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                           @PathVariable int number, @RequestBody ServiceRequests.RuleOrder body) {
        return drafts.edit(caller, id, number, "rule.reorder", DraftEdits.reorderRules(body.names()));
    }

    @PutMapping("/settings")
    Mono<ServiceView.Version> settings(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                       @PathVariable int number, @RequestBody ServiceSettings body) {
        return drafts.edit(caller, id, number, "settings.update", DraftEdits.settings(body));
    }

}
