package dev.cdn.portal.service;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.config.Origin;
import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.PlatformApiClient;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.web.FormErrors;

/** Adding, editing and removing a draft's origins (and so its pools: origins sharing a pool name). */
@Controller
class OriginController {

    private final PlatformApiClient api;
    private final ServiceLoader loader;

    OriginController(PlatformApiClient api, ServiceLoader loader) {
        this.api = api;
        this.loader = loader;
    }

    @GetMapping("/services/{id}/versions/{number}/origins/new")
    Mono<Rendering> newOrigin(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number) {
        return form(user, id, null, OriginForm.empty(), FormErrors.none(), HttpStatus.OK);
    }

    @GetMapping("/services/{id}/versions/{number}/origins/{name}/edit")
    Mono<Rendering> edit(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name) {
        return api.getVersion(user.apiToken(), id, number).flatMap(version -> version.config().origins().stream()
                .filter(o -> o.name().equals(name)).findFirst()
                .map(origin -> form(user, id, name, OriginForm.of(origin), FormErrors.none(), HttpStatus.OK))
                .orElseGet(() -> Mono.just(Rendering.view("error/404").modelAttribute("status", 404)
                        .status(HttpStatus.NOT_FOUND).build())));
    }

    @PostMapping("/services/{id}/versions/{number}/origins")
    Mono<Rendering> add(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @ModelAttribute("form") OriginForm form) {
        FormValues values = new FormValues();
        Origin origin = form.toOrigin(values);
        if (!values.errors().isEmpty()) {
            return form(user, id, null, form, values.errors(), HttpStatus.BAD_REQUEST);
        }
        return saved(user, id, null, form, api.addOrigin(user.apiToken(), id, number, origin));
    }

    @PostMapping("/services/{id}/versions/{number}/origins/{name}")
    Mono<Rendering> update(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name, @ModelAttribute("form") OriginForm form) {
        FormValues values = new FormValues();
        Origin origin = form.toOrigin(values);
        if (!values.errors().isEmpty()) {
            return form(user, id, name, form, values.errors(), HttpStatus.BAD_REQUEST);
        }
        return saved(user, id, name, form, api.replaceOrigin(user.apiToken(), id, number, name, origin));
    }

    @PostMapping("/services/{id}/versions/{number}/origins/{name}/delete")
    Mono<Rendering> delete(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name) {
        return api.removeOrigin(user.apiToken(), id, number, name)
                .map(v -> Rendering.redirectTo("/services/" + id + "?notice=origin-removed#origins").build());
    }

    private Mono<Rendering> saved(PortalUser user, String id, String editing, OriginForm form,
            Mono<ServiceVersion> change) {
        return change.map(v -> Rendering.redirectTo("/services/" + id + "?notice=origin#origins").build())
                .onErrorResume(ApiProblemException.class, e -> ServiceController.isFormError(e)
                        ? form(user, id, editing, form, FormErrors.fromProblem(e.problem(), OriginForm.FIELDS,
                                f -> OriginForm.formField(f.replaceFirst("^origins(\\[\\d+])?\\.?", ""))),
                                HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
    }

    private Mono<Rendering> form(PortalUser user, String id, String editing, OriginForm form, FormErrors errors,
            HttpStatus status) {
        return loader.load(user.apiToken(), id).map(state -> Rendering.view("service/origin-form")
                .modelAttribute("state", state)
                .modelAttribute("service", state.service())
                .modelAttribute("editing", editing)
                .modelAttribute("form", form)
                .modelAttribute("errors", errors)
                .status(status)
                .build());
    }
}
