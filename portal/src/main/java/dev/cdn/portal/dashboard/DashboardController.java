package dev.cdn.portal.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.analytics.TrafficSummary;
import dev.cdn.portal.api.AnalyticsClient;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.ApiUnavailableException;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServicesClient;

/**
 * The dashboard: the tenant's services with their last hour of traffic (requests, hit ratio, bandwidth). The
 * table refreshes itself every 30 s through {@code /dashboard/services}. An expired API token is handled by
 * the account feature (the user is logged out); an outage keeps the page, with a notice instead of a list.
 */
@Controller
class DashboardController {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration STEP = Duration.ofMinutes(5);

    private final ServicesClient servicesApi;
    private final AnalyticsClient analyticsApi;
    private final Clock clock;

    DashboardController(ServicesClient servicesApi, AnalyticsClient analyticsApi, Clock clock) {
        this.servicesApi = servicesApi;
        this.analyticsApi = analyticsApi;
        this.clock = clock;
    }

    @GetMapping("/dashboard")
    Mono<Rendering> dashboard(@AuthenticationPrincipal PortalUser user,
            @RequestParam(required = false) String notice) {
        String message = "service-deleted".equals(notice)
                ? "The service was deleted. Edges no longer serve it and its domains are free to use again." : null;
        return page(user, "dashboard", message);
    }

    @GetMapping("/dashboard/services")
    Mono<Rendering> services(@AuthenticationPrincipal PortalUser user) {
        return page(user, "dashboard :: services", null);
    }

    private Mono<Rendering> page(PortalUser user, String view, String notice) {
        return servicesApi.listServices(user.apiToken())
                .flatMap(services -> rows(user, services))
                .map(rows -> Rendering.view(view)
                        .modelAttribute("rows", rows)
                        .modelAttribute("servicesUnavailable", false)
                        .modelAttribute("notice", notice)
                        .build())
                .onErrorResume(ApiUnavailableException.class, e -> Mono.just(Rendering.view(view)
                        .modelAttribute("rows", List.of())
                        .modelAttribute("servicesUnavailable", true)
                        .modelAttribute("notice", notice)
                        .status(HttpStatus.SERVICE_UNAVAILABLE)
                        .build()));
    }

    private Mono<List<ServiceRow>> rows(PortalUser user, List<ServiceSummary> services) {
        Instant now = Instant.now(clock);
        // Numbers are a bonus on this page: a service whose stats cannot be read still gets its row.
        return Flux.fromIterable(services)
                .flatMapSequential(service -> analyticsApi.stats(user.apiToken(), service.id(), now.minus(HOUR), now, STEP)
                        .map(series -> new ServiceRow(service, TrafficSummary.of(series.points())))
                        .onErrorResume(e -> e instanceof ApiProblemException || e instanceof ApiUnavailableException,
                                e -> Mono.just(new ServiceRow(service, null))),
                        4)
                .collectList();
    }
}
