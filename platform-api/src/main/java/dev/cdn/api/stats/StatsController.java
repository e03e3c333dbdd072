package dev.cdn.api.stats;

import dev.cdn.api.security.EdgePrincipal;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.wire.StatsReport;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Traffic statistics: edges report per-minute counters (and origin health); tenants read time series per service. */
@RestController
class StatsController {

    private final StatsService stats;
    private final OriginHealthService originHealth;

    private final Clock clock;

    StatsController(StatsService stats, OriginHealthService originHealth, Clock clock) {
        this.stats = stats;
        this.originHealth = originHealth;
        this.clock = clock;
    }

    /** Traffic counters and origin health; both are checked before anything is stored. */
    @PostMapping("/v1/edge/stats")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> report(@AuthenticationPrincipal EdgePrincipal edge, @RequestBody StatsReport report) {
        var origins = OriginHealthService.validate(report.origins());
        return stats.ingest(edge, report).then(originHealth.store(edge, origins));
    }

    @GetMapping("/v1/services/{id}/stats")
    Mono<Map<String, Object>> series(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                     @RequestParam(required = false) Instant from,
                                     @RequestParam(required = false) Instant to,
                                     @RequestParam(defaultValue = "60") long step) {
        StatsRange range = StatsRange.check(from, to, step, clock.instant());
        return stats.series(caller, id, range.from(), range.to(), (int) range.step()).map(points -> Map.of(
                "from", range.from(), "to", range.to(), "step", range.step(), "points", points));
    }

    /** The most requested paths in the range (default: the last hour), largest first; {@code limit} 1 to 100. */
    @GetMapping("/v1/services/{id}/stats/top-urls")
    Mono<Map<String, Object>> topUrls(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                      @RequestParam(required = false) Instant from,
                                      @RequestParam(required = false) Instant to,
                                      @RequestParam(defaultValue = "10") int limit) {
        StatsRange range = StatsRange.check(from, to, 60, clock.instant());
        new dev.cdn.api.error.Validation().require(limit >= 1 && limit <= 100, "limit", "must be between 1 and 100")
                .throwIfInvalid();
        return stats.topUrls(caller, id, range.from(), range.to(), limit).map(urls -> Map.of(
                "from", range.from(), "to", range.to(), "urls", urls));
    }

    /**
     * The service's experiment variants in the range (default: the last hour): requests, hit ratio, status classes and
     * mean origin time per variant, as the edges counted them (docs/edge-logic.md).
     */
    @GetMapping("/v1/services/{id}/stats/variants")
    Mono<Map<String, Object>> variants(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                       @RequestParam(required = false) Instant from,
                                       @RequestParam(required = false) Instant to) {
        StatsRange range = StatsRange.check(from, to, 60, clock.instant());
        return stats.variants(caller, id, range.from(), range.to()).map(variants -> Map.of(
                "from", range.from(), "to", range.to(), "variants", variants));
    }
}
