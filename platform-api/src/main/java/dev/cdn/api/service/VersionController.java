package dev.cdn.api.service;

import dev.cdn.api.etag.Tagged;
import dev.cdn.api.protect.SecretRedaction;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceSettings;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Editing and inspecting versions: replace a draft, edit its domains, origins, rules and settings, validate,
 * clone and diff. Every edit answers with the whole version as it now stands, and its {@code ETag}; every edit
 * honours {@code If-Match} against the version's ETag (the domains, origins, rules and settings are parts of it).
 */
@RestController
@RequestMapping("/v1/services/{id}/versions/{number}")
class VersionController {

    private static final String IF_MATCH = HttpHeaders.IF_MATCH;

    private final DraftEditor drafts;
    private final ServiceCatalog catalog;
    private final VersionValidator validator;
    private final JsonMapper json;
    private final VersionNotes notes;

    VersionController(DraftEditor drafts, ServiceCatalog catalog, VersionValidator validator, JsonMapper json,
                      VersionNotes notes) {
        this.drafts = drafts;
        this.notes = notes;
        this.catalog = catalog;
        this.validator = validator;
        this.json = json;
    }

    @PutMapping
    Mono<ResponseEntity<ServiceView.Version>> replace(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody ServiceRequests.Replace body,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "version.update", DraftEdits.replace(body), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }

    @Operation(summary = "Change a draft's note (what changed and why: plain text, at most 500 characters, newlines"
            + " allowed; null or empty removes it); honours If-Match; 409 for a version that is or was active")
    @PatchMapping
    Mono<ResponseEntity<ServiceView.Version>> note(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody ServiceRequests.Note body,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return notes.set(caller, id, number, body.note(), ifMatch).map(v -> Tagged.ok(v, v.etag()));
    }

    @Operation(summary = "Copy version n into a new draft numbered one past the latest; the optional body"
            + " {\"note\"} gives the draft its note")
    @PostMapping("/clone")
    Mono<ResponseEntity<ServiceView.Version>> cloneVersion(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody(required = false) ServiceRequests.Note body) {
        return drafts.cloneVersion(caller, id, number, body == null ? null : body.note())
                .map(v -> Tagged.created(v, v.etag()));
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
            // Through the config codec, which keeps signing-key secrets: redact them first.
            out.put("changes", ConfigDiff.diff(json.readTree(ConfigCodec.write(SecretRedaction.redact(a.config()))),
                    json.readTree(ConfigCodec.write(SecretRedaction.redact(b.config())))));
            return out;
        });
    }

    @GetMapping("/domains")
    Mono<ResponseEntity<Map<String, Object>>> domains(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Tagged.ok(Map.of("items", v.config().domains()), v.etag()));
    }

    @PostMapping("/domains")
    Mono<ResponseEntity<ServiceView.Version>> addDomain(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody ServiceRequests.Domain body,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "domain.add", DraftEdits.addDomain(body.name()), ifMatch)
                .map(v -> Tagged.created(v, v.etag()));
    }

    @DeleteMapping("/domains/{name}")
    Mono<ResponseEntity<ServiceView.Version>> removeDomain(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @PathVariable String name,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "domain.remove", DraftEdits.removeDomain(name), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }

    @GetMapping("/origins")
    Mono<ResponseEntity<Map<String, Object>>> origins(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Tagged.ok(Map.<String, Object>of("items", v.config().origins()), v.etag()));
    }

    @PostMapping("/origins")
    Mono<ResponseEntity<ServiceView.Version>> addOrigin(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody Origin body,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "origin.add", DraftEdits.addOrigin(body), ifMatch)
                .map(v -> Tagged.created(v, v.etag()));
    }

    @PutMapping("/origins/{name}")
    Mono<ResponseEntity<ServiceView.Version>> replaceOrigin(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @PathVariable String name,
            @RequestBody Origin body,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "origin.update", DraftEdits.replaceOrigin(name, body), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }

    @DeleteMapping("/origins/{name}")
    Mono<ResponseEntity<ServiceView.Version>> removeOrigin(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @PathVariable String name,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "origin.remove", DraftEdits.removeOrigin(name), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }

    @GetMapping("/rules")
    Mono<ResponseEntity<Map<String, Object>>> rules(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Tagged.ok(Map.<String, Object>of("items", v.config().rules()), v.etag()));
    }

    /** Adds a rule at the end, or at {@code position} (0 = highest priority). */
    @PostMapping("/rules")
    Mono<ResponseEntity<ServiceView.Version>> addRule(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody CacheRule body,
            @RequestParam(required = false) Integer position,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "rule.add", DraftEdits.addRule(body, position), ifMatch)
                .map(v -> Tagged.created(v, v.etag()));
    }

    @PutMapping("/rules/{name}")
    Mono<ResponseEntity<ServiceView.Version>> replaceRule(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @PathVariable String name,
            @RequestBody CacheRule body,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "rule.update", DraftEdits.replaceRule(name, body), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }

    @DeleteMapping("/rules/{name}")
    Mono<ResponseEntity<ServiceView.Version>> removeRule(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @PathVariable String name,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "rule.remove", DraftEdits.removeRule(name), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }

    @PutMapping("/rule-order")
    Mono<ResponseEntity<ServiceView.Version>> reorderRules(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody ServiceRequests.RuleOrder body,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "rule.reorder", DraftEdits.reorderRules(body.names()), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }

    @PutMapping("/settings")
    Mono<ResponseEntity<ServiceView.Version>> settings(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody ServiceSettings body,
            @RequestHeader(value = IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "settings.update", DraftEdits.settings(body), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }

}
