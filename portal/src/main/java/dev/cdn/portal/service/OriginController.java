package dev.cdn.portal.service;

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

import dev.cdn.config.Origin;
import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.OriginTest;
import dev.cdn.portal.api.OriginsClient;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.api.VersionsClient;
import dev.cdn.portal.web.FormErrors;

/** Adding, editing and removing a draft's origins (and so its pools: origins sharing a pool name). */
@Controller
class OriginController {

    private final VersionsClient versionsApi;
    private final OriginsClient originsApi;
    private final ServiceLoader loader;

    OriginController(VersionsClient versionsApi, OriginsClient originsApi, ServiceLoader loader) {
        this.versionsApi = versionsApi;
        this.originsApi = originsApi;
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
        return versionsApi.getVersion(user.apiToken(), id, number).flatMap(version -> version.config().origins().stream()
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
        return saved(user, id, null, form, originsApi.addOrigin(user.apiToken(), id, number, origin));
    }

    @PostMapping("/services/{id}/versions/{number}/origins/{name}")
    Mono<Rendering> update(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name, @ModelAttribute("form") OriginForm form) {
        FormValues values = new FormValues();
        Origin origin = form.toOrigin(values);
        if (!values.errors().isEmpty()) {
            return form(user, id, name, form, values.errors(), HttpStatus.BAD_REQUEST);
        }
        return saved(user, id, name, form, originsApi.replaceOrigin(user.apiToken(), id, number, name, origin));
    }

    @PostMapping("/services/{id}/versions/{number}/origins/{name}/delete")
    Mono<Rendering> delete(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @PathVariable String name) {
        return originsApi.removeOrigin(user.apiToken(), id, number, name)
                .map(v -> Rendering.redirectTo("/services/" + id + "?notice=origin-removed#origins").build());
    }

    /**
     * "Test origin" in the editor: the platform fetches the typed address once (the health-check path, with the
     * typed Host header) and the form comes back with what happened; nothing is saved.
     */
    @PostMapping("/services/{id}/versions/{number}/origin-test")
    Mono<Rendering> test(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @RequestParam(required = false) String editing, @ModelAttribute("form") OriginForm form) {
        String name = editing == null || editing.isBlank() ? null : editing;
        OriginAddress address = OriginAddress.parse(form.url());
        if (!address.isValid()) {
            return form(user, id, name, form, FormErrors.field("url", address.problem()), null, HttpStatus.BAD_REQUEST);
        }
        return originsApi.testOrigin(user.apiToken(), new OriginTest.Request(address.host(), address.port(), address.tls(),
                        FormValues.blankToNull(form.hostHeader()), FormValues.blankToNull(form.healthCheckPath())))
                .flatMap(result -> form(user, id, name, form, FormErrors.none(), result, HttpStatus.OK))
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400
                        ? form(user, id, name, form, FormErrors.fromProblem(e.problem(), OriginForm.FIELDS,
                                f -> f.equals("path") ? "healthCheckPath" : OriginForm.formField(f)),
                                null, HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
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
        return form(user, id, editing, form, errors, null, status);
    }

    private Mono<Rendering> form(PortalUser user, String id, String editing, OriginForm form, FormErrors errors,
            OriginTest originTest, HttpStatus status) {
        return loader.load(user.apiToken(), id).map(state -> Rendering.view("service/origin-form")
                .modelAttribute("originTest", originTest)
                .modelAttribute("state", state)
                .modelAttribute("service", state.service())
                .modelAttribute("editing", editing)
                .modelAttribute("form", form)
                .modelAttribute("errors", errors)
                .status(status)
                .build());
    }
}
