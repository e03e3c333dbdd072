package dev.cdn.portal.analytics;

import java.time.Clock;
import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.AnalyticsClient;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.StatsSeries;

/**
 * A service's analytics: totals for the chosen range on the page itself (readable without scripts), and the
 * series as JSON for the charts, which the page's script draws with Chart.js and refreshes every minute.
 */
@Controller
class AnalyticsController {

    private final ServicesClient servicesApi;
    private final AnalyticsClient analyticsApi;
    private final Clock clock;

    AnalyticsController(ServicesClient servicesApi, AnalyticsClient analyticsApi, Clock clock) {
        this.servicesApi = servicesApi;
        this.analyticsApi = analyticsApi;
        this.clock = clock;
    }

    @GetMapping("/services/{id}/analytics")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @RequestParam(required = false) String range) {
        TimeRange chosen = TimeRange.of(range);
        Instant now = Instant.now(clock);
        Instant start = now.minus(chosen.length());
        return servicesApi.getService(user.apiToken(), id).flatMap(service -> Mono.zip(
                        analyticsApi.stats(user.apiToken(), id, start, now, chosen.step()),
                        analyticsApi.stats(user.apiToken(), id, start.minus(chosen.length()), start, chosen.step()),
                        analyticsApi.topUrls(user.apiToken(), id, start, now, TOP_URLS),
                        analyticsApi.variantStats(user.apiToken(), id, start, now))
                .map(t -> {
                    TrafficSummary current = TrafficSummary.of(t.getT1().points());
                    return Rendering.view("analytics/service")
                            .modelAttribute("service", service)
                            .modelAttribute("range", chosen)
                            .modelAttribute("ranges", TimeRange.values())
                            .modelAttribute("summary", current)
                            .modelAttribute("comparison",
                                    new PeriodComparison(current, TrafficSummary.of(t.getT2().points())))
                            .modelAttribute("topUrls", t.getT3().urls())
                            .modelAttribute("variants", t.getT4().variants())
                            .build();
                }));
    }

    /** Rows of the top-URL table. */
    static final int TOP_URLS = 10;

    @GetMapping(path = "/services/{id}/analytics/data", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Mono<ChartData> data(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @RequestParam(required = false) String range) {
        TimeRange chosen = TimeRange.of(range);
        return series(user, id, chosen).map(series -> ChartData.of(series, chosen));
    }

    private Mono<StatsSeries> series(PortalUser user, String id, TimeRange range) {
        Instant now = Instant.now(clock);
        return analyticsApi.stats(user.apiToken(), id, now.minus(range.length()), now, range.step());
    }
}
