package dev.cdn.portal.service;

import java.util.function.BiFunction;
import java.util.function.Predicate;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ResponseStatusException;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.VersionsClient;
import dev.cdn.portal.web.Confirmation;

/**
 * The pages that ask before a domain, an origin or a cache rule leaves a draft. The service page's "Remove" and
 * "Delete" are links to these; the form here posts to the removal itself with the draft's ETag, so nothing leaves
 * a draft on a single click and nothing is removed from a draft that changed since this page was shown.
 */
@Controller
class DraftRemovalController {

    private final ServicesClient servicesApi;
    private final VersionsClient versionsApi;

    DraftRemovalController(ServicesClient servicesApi, VersionsClient versionsApi) {
        this.servicesApi = servicesApi;
        this.versionsApi = versionsApi;
    }

    @GetMapping("/services/{id}/versions/{number}/domains/remove")
    Mono<Rendering> confirmDomain(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number, @RequestParam String domain) {
        return confirm(user, id, number, draft -> draft.config().domains().contains(domain),
                (service, draft) -> ServiceConfirmations.removeDomain(service, draft, domain));
    }

    @GetMapping("/services/{id}/versions/{number}/origins/{name}/delete")
    Mono<Rendering> confirmOrigin(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number, @PathVariable String name) {
        return confirm(user, id, number,
                draft -> draft.config().origins().stream().map(Origin::name).anyMatch(name::equals),
                (service, draft) -> ServiceConfirmations.deleteOrigin(service, draft, name));
    }

    @GetMapping("/services/{id}/versions/{number}/rules/{name}/delete")
    Mono<Rendering> confirmRule(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number, @PathVariable String name) {
        return confirm(user, id, number,
                draft -> draft.config().rules().stream().map(CacheRule::name).anyMatch(name::equals),
                (service, draft) -> ServiceConfirmations.deleteRule(service, draft, name));
    }

    /** 404 when the draft has no such part (nothing to remove); 409 when the version is no draft any more. */
    private Mono<Rendering> confirm(PortalUser user, String id, int number, Predicate<ServiceVersion> present,
            BiFunction<ServiceSummary, ServiceVersion, Confirmation> page) {
        return servicesApi.getService(user.apiToken(), id).zipWith(versionsApi.getVersion(user.apiToken(), id, number))
                .map(both -> {
                    ServiceVersion draft = both.getT2();
                    if (!present.test(draft)) {
                        throw new ResponseStatusException(HttpStatus.NOT_FOUND);
                    }
                    return Rendering.view("confirm")
                            .modelAttribute("confirm", page.apply(both.getT1(), draft))
                            .status(draft.isDraft() ? HttpStatus.OK : HttpStatus.CONFLICT)
                            .build();
                });
    }
}
