package dev.cdn.portal.service;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.VersionsClient;

/**
 * Deleting a service and discarding a draft. Each asks for confirmation on a page of its own (it works without
 * JavaScript, and says what will happen) whose form carries the ETag it was rendered with, so a service or
 * draft that changed in the meantime is not thrown away unseen.
 */
@Controller
class LifecycleController {

    private final ServicesClient servicesApi;
    private final VersionsClient versionsApi;

    LifecycleController(ServicesClient servicesApi, VersionsClient versionsApi) {
        this.servicesApi = servicesApi;
        this.versionsApi = versionsApi;
    }

    @GetMapping("/services/{id}/delete")
    Mono<Rendering> confirmDelete(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return servicesApi.getService(user.apiToken(), id).map(service -> Rendering.view("confirm")
                .modelAttribute("confirm", ServiceConfirmations.deleteService(service))
                .build());
    }

    @PostMapping("/services/{id}/delete")
    Mono<Rendering> delete(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return servicesApi.deleteService(user.apiToken(), id)
                .thenReturn(Rendering.redirectTo("/dashboard?notice=service-deleted").build());
    }

    @GetMapping("/services/{id}/versions/{number}/discard")
    Mono<Rendering> confirmDiscard(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number) {
        return servicesApi.getService(user.apiToken(), id).zipWith(versionsApi.getVersion(user.apiToken(), id, number))
                .map(both -> Rendering.view("confirm")
                        .modelAttribute("confirm", ServiceConfirmations.discardDraft(both.getT1(), both.getT2()))
                        .status(both.getT2().isDraft() ? HttpStatus.OK : HttpStatus.CONFLICT)
                        .build());
    }

    @PostMapping("/services/{id}/versions/{number}/discard")
    Mono<Rendering> discard(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number) {
        return versionsApi.discardDraft(user.apiToken(), id, number)
                .thenReturn(Rendering.redirectTo("/services/" + id + "?notice=draft-discarded").build())
                .onErrorResume(ApiProblemException.class, e -> e.status() == 409
                        ? Mono.just(Rendering.redirectTo("/services/" + id + "/versions/" + number
                                + "/discard").build())
                        : Mono.error(e));
    }
}
