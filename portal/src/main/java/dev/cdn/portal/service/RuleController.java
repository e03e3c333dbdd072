package dev.cdn.portal.service;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.config.CacheRule;
import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.DraftConfigClient;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.api.VersionsClient;
import dev.cdn.portal.web.FormErrors;

/**
 * The cache-rules editor of a draft: add (at a chosen priority), edit, move up or down, delete. The API
 * validates every change; its messages appear next to the matching field.
 */
@Controller
class RuleController {

    private final VersionsClient versionsApi;
    private final DraftConfigClient draftApi;
    private final ServiceLoader loader;

    RuleController(VersionsClient versionsApi, DraftConfigClient draftApi, ServiceLoader loader) {
        this.versionsApi = versionsApi;
        this.draftApi = draftApi;
        this.loader = loader;
    }

    @GetMapping("/services/{id}/versions/{number}/rules/new")
    Mono<Rendering> newRule(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number) {
        return form(user, id, null, RuleForm.empty(), FormErrors.none(), HttpStatus.OK);
    }

    @GetMapping("/services/{id}/versions/{number}/rules/{name}/edit")
    Mono<Rendering> editRule(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number, @PathVariable String name) {
        return versionsApi.getVersion(user.apiToken(), id, number).flatMap(version -> version.config().rules().stream()
                .filter(r -> r.name().equals(name)).findFirst()
                .map(rule -> form(user, id, name, RuleForm.of(rule), FormErrors.none(), HttpStatus.OK))
                .orElseGet(() -> Mono.just(notFound())));
    }

    @PostMapping("/services/{id}/versions/{number}/rules")
    Mono<Rendering> add(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @ModelAttribute("form") RuleForm form, @ModelAttribute("placement") Placement placement) {
        FormValues values = new FormValues();
        CacheRule rule = form.toRule(values);
        Integer at = values.integer("position", placement.position());
        if (!values.errors().isEmpty()) {
            return form(user, id, null, form, values.errors(), HttpStatus.BAD_REQUEST);
        }
        return saved(id, draftApi.addRule(user.apiToken(), id, number, rule, at), user, null, form);
    }

    @PostMapping("/services/{id}/versions/{number}/rules/{name}")
    Mono<Rendering> update(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name, @ModelAttribute("form") RuleForm form) {
        FormValues values = new FormValues();
        CacheRule rule = form.toRule(values);
        if (!values.errors().isEmpty()) {
            return form(user, id, name, form, values.errors(), HttpStatus.BAD_REQUEST);
        }
        return saved(id, draftApi.replaceRule(user.apiToken(), id, number, name, rule), user, name, form);
    }

    @PostMapping("/services/{id}/versions/{number}/rules/{name}/delete")
    Mono<Rendering> delete(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name) {
        return draftApi.removeRule(user.apiToken(), id, number, name)
                .map(v -> Rendering.redirectTo("/services/" + id + "?notice=rule-removed#rules").build());
    }

    /** Moves a rule one place up (higher priority) or down; the first rule that matches a request wins. */
    @PostMapping("/services/{id}/versions/{number}/rules/{name}/move")
    Mono<Rendering> move(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name, @ModelAttribute("move") Move move) {
        String direction = move.direction();
        return versionsApi.getVersion(user.apiToken(), id, number).flatMap(version -> {
            List<String> names = new ArrayList<>(version.config().rules().stream().map(CacheRule::name).toList());
            int from = names.indexOf(name);
            int to = "up".equals(direction) ? from - 1 : from + 1;
            if (from < 0 || to < 0 || to >= names.size()) {
                return Mono.just(Rendering.redirectTo("/services/" + id + "#rules").build());
            }
            names.add(to, names.remove(from));
            return draftApi.reorderRules(user.apiToken(), id, number, names)
                    .map(v -> Rendering.redirectTo("/services/" + id + "?notice=rule-moved#rules").build());
        });
    }

    private Mono<Rendering> saved(String id, Mono<ServiceVersion> change, PortalUser user, String editing,
            RuleForm form) {
        return change.map(v -> Rendering.redirectTo("/services/" + id + "?notice=rule#rules").build())
                .onErrorResume(ApiProblemException.class, e -> ServiceController.isFormError(e)
                        ? form(user, id, editing, form, FormErrors.fromProblem(e.problem(), RuleForm.FIELDS,
                                RuleForm::formField), HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
    }

    private Mono<Rendering> form(PortalUser user, String id, String editing, RuleForm form, FormErrors errors,
            HttpStatus status) {
        return loader.load(user.apiToken(), id).map(state -> Rendering.view("service/rule-form")
                .modelAttribute("state", state)
                .modelAttribute("service", state.service())
                .modelAttribute("editing", editing)
                .modelAttribute("form", form)
                .modelAttribute("errors", errors)
                .modelAttribute("queryModes", RuleForm.QUERY_MODES)
                .modelAttribute("admissions", RuleForm.ADMISSIONS)
                .modelAttribute("rules", state.version().config().rules())
                .status(status)
                .build());
    }

    private static Rendering notFound() {
        return Rendering.view("error/404").modelAttribute("status", 404).status(HttpStatus.NOT_FOUND).build();
    }

    // WebFlux binds @RequestParam from the query string only; a form's fields reach a controller through data
    // binding (@ModelAttribute), hence these one-field records.
    /** The rule form's {@code position}: where to insert a new rule (0 is the highest priority), blank for last. */
    record Placement(String position) {
    }

    /** The move buttons' {@code direction}: {@code up} or {@code down}. */
    record Move(String direction) {
    }
}
