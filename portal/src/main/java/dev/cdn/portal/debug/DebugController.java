package dev.cdn.portal.debug;

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.LiveTrafficClient;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.UrlTrace;
import dev.cdn.portal.web.FormErrors;

/**
 * The URL debugger page: a URL of the service in, and how each edge and shield would handle it out (rule, cache
 * key, shield, whether each tier holds it, its age and TTL, the headers a hit carries). A read: a GET form.
 */
@Controller
class DebugController {

    private final ServicesClient servicesApi;
    private final LiveTrafficClient trafficApi;

    DebugController(ServicesClient servicesApi, LiveTrafficClient trafficApi) {
        this.servicesApi = servicesApi;
        this.trafficApi = trafficApi;
    }

    @GetMapping("/services/{id}/debug")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @RequestParam(required = false) String url) {
        return servicesApi.getService(user.apiToken(), id).flatMap(service -> {
            if (url == null || url.isBlank()) {
                return Mono.just(view(service, "", null, FormErrors.none(), HttpStatus.OK));
            }
            return trafficApi.debugUrl(user.apiToken(), id, url.strip())
                    .map(trace -> view(service, url, trace, FormErrors.none(), HttpStatus.OK))
                    .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 409
                            ? Mono.just(view(service, url, null, e.status() == 409
                                    ? FormErrors.global("This service has no active version yet: activate one first.")
                                    : FormErrors.fromProblem(e.problem(), Set.of("url")), HttpStatus.valueOf(e.status())))
                            : Mono.error(e));
        });
    }

    private static Rendering view(ServiceSummary service, String url, UrlTrace trace, FormErrors errors,
            HttpStatus status) {
        return Rendering.view("debug/service")
                .modelAttribute("service", service)
                .modelAttribute("url", url)
                .modelAttribute("trace", trace)
                .modelAttribute("errors", errors)
                .status(status)
                .build();
    }
}
