package dev.cdn.api.stats;

import dev.cdn.api.error.Validation;
import dev.cdn.api.security.EdgePrincipal;
import dev.cdn.api.security.TenantPrincipal;
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

    StatsController(StatsService stats, OriginHealthService originHealth) {
        this.stats = stats;
        this.originHealth = originHealth;
    }

    /** Traffic counters and origin health; both are checked before anything is stored. */
    @PostMapping("/v1/edge/stats")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> report(@AuthenticationPrincipal EdgePrincipal edge, @RequestBody StatsService.Report report) {
        var origins = OriginHealthService.validate(report.origins());
        return stats.ingest(edge, report).then(originHealth.store(edge, origins));
    }

    @GetMapping("/v1/services/{id}/stats")
    Mono<Map<String, Object>> series(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                     @RequestParam(required = false) Instant from,
                                     @RequestParam(required = false) Instant to,
                                     @RequestParam(defaultValue = "60") int step) {
        new Validation().instant(from, "from").instant(to, "to").throwIfInvalid();
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minusSeconds(3600) : from;
        new Validation()
                .require(step >= 60 && step % 60 == 0, "step", "must be a whole number of minutes, in seconds (60, 300, ...)")
                .require(start.isBefore(end), "from", "must be before 'to'")
                .require(step < 60 || (end.getEpochSecond() - start.getEpochSecond()) / step <= 1440, "step",
                        "at most 1440 points per query: widen the step or narrow the range")
                .throwIfInvalid();
        return stats.series(caller, id, start, end, step).map(points -> Map.of(
                "from", start, "to", end, "step", step, "points", points));
    }

}
