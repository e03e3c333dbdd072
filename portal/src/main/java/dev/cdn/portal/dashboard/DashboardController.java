package dev.cdn.portal.dashboard;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiUnavailableException;
import dev.cdn.portal.api.PlatformApiClient;

/**
 * The dashboard: the tenant's services as platform-api lists them. An expired API token is handled by
 * the account feature (the user is logged out); an outage keeps the page, with a notice instead of a list.
 */
@Controller
class DashboardController {

    private final PlatformApiClient api;

    DashboardController(PlatformApiClient api) {
        this.api = api;
    }

    @GetMapping("/dashboard")
    Mono<Rendering> dashboard(@AuthenticationPrincipal PortalUser user) {
        return api.listServices(user.apiToken())
                .map(services -> Rendering.view("dashboard")
                        .modelAttribute("services", services)
                        .modelAttribute("servicesUnavailable", false)
                        .build())
                .onErrorResume(ApiUnavailableException.class, e -> Mono.just(Rendering.view("dashboard")
                        .modelAttribute("services", List.of())
                        .modelAttribute("servicesUnavailable", true)
                        .status(HttpStatus.SERVICE_UNAVAILABLE)
                        .build()));
    }
}
