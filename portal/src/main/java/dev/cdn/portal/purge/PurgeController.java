package dev.cdn.portal.purge;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.PurgesClient;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.web.FormErrors;

/**
 * Purging a service's cache by URLs, surrogate keys, prefixes or everything, soft or hard, then following the
 * purge edge by edge until every edge has applied it (the status panel polls itself until then).
 */
@Controller
class PurgeController {

    private final ServicesClient servicesApi;
    private final PurgesClient purgesApi;

    PurgeController(ServicesClient servicesApi, PurgesClient purgesApi) {
        this.servicesApi = servicesApi;
        this.purgesApi = purgesApi;
    }

    @GetMapping("/services/{id}/purge")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return servicesApi.getService(user.apiToken(), id)
                .map(service -> form(service, PurgeForm.empty(), FormErrors.none(), HttpStatus.OK));
    }

    @PostMapping("/services/{id}/purge")
    Mono<Rendering> purge(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @ModelAttribute("form") PurgeForm form) {
        return servicesApi.getService(user.apiToken(), id).flatMap(service -> {
            FormErrors errors = FormErrors.none();
            if (!PurgeForm.KINDS.contains(form.kind())) {
                errors = errors.withField("kind", "Choose what to purge.");
            } else if (!form.kind().equals("all") && form.valueList().isEmpty()) {
                errors = errors.withField("values", "Enter at least one value, one per line.");
            }
            if (!errors.isEmpty()) {
                return Mono.just(form(service, form, errors, HttpStatus.BAD_REQUEST));
            }
            if (form.needsConfirmation()) {
                // Everything at once sends every next request to the origin: say so, and ask once more.
                return Mono.just(Rendering.view("confirm")
                        .modelAttribute("confirm", PurgeEverything.confirmation(service, form.isSoft())).build());
            }
            return purgesApi.purge(user.apiToken(), id, form.toRequest())
                    .map(purge -> Rendering.redirectTo("/purges/" + purge.id()).build())
                    .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 429
                            ? Mono.just(form(service, form, rejected(e), HttpStatus.valueOf(e.status())))
                            : Mono.error(e));
        });
    }

    /** How many purges the history page lists. */
    static final int HISTORY = 20;

    @GetMapping("/purges/{purgeId}")
    Mono<Rendering> status(@AuthenticationPrincipal PortalUser user, @PathVariable String purgeId) {
        return purgesApi.getPurge(user.apiToken(), purgeId).flatMap(purge -> servicesApi.getService(user.apiToken(),
                purge.serviceId()).map(service -> Rendering.view("purge/status")
                .modelAttribute("service", service)
                .modelAttribute("purge", purge)
                .build()));
    }

    /** The service's latest purges, newest first, and where each edge stands with each of them. */
    @GetMapping("/services/{id}/purges")
    Mono<Rendering> history(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return Mono.zip(servicesApi.getService(user.apiToken(), id), purgesApi.listPurges(user.apiToken(), id, HISTORY))
                .map(both -> Rendering.view("purge/history")
                        .modelAttribute("service", both.getT1())
                        .modelAttribute("purges", both.getT2())
                        .build());
    }

    /** The progress panel alone, which the status page polls; once complete it no longer asks to be polled. */
    @GetMapping("/purges/{purgeId}/progress")
    Mono<Rendering> progress(@AuthenticationPrincipal PortalUser user, @PathVariable String purgeId) {
        return purgesApi.getPurge(user.apiToken(), purgeId)
                .map(purge -> Rendering.view("purge/status :: progress").modelAttribute("purge", purge).build());
    }

    private static FormErrors rejected(ApiProblemException e) {
        if (e.status() == 429) {
            return FormErrors.global("Too many purges in the last minute. Wait a little and try again.");
        }
        return FormErrors.fromProblem(e.problem(), PurgeForm.FIELDS, PurgeForm::formField);
    }

    private static Rendering form(ServiceSummary service, PurgeForm form, FormErrors errors, HttpStatus status) {
        return Rendering.view("purge/form")
                .modelAttribute("service", service)
                .modelAttribute("form", form)
                .modelAttribute("kinds", PurgeForm.KINDS)
                .modelAttribute("errors", errors)
                .status(status)
                .build();
    }
}
