package dev.cdn.api.purge;

import dev.cdn.api.security.TenantPrincipal;
import java.util.List;
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

/** Purges: by URL, surrogate key, prefix or everything; durable and sequenced for edges. */
@RestController
class PurgeController {

    private final PurgeService purges;

    PurgeController(PurgeService purges) {
        this.purges = purges;
    }

    @PostMapping("/v1/services/{id}/purge")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<PurgeView> purge(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                          @RequestBody PurgeService.Request request) {
        return purges.purge(caller, id, request);
    }

    /** The service's latest purges (newest first, {@code limit} of them, 20 unless given), each per edge. */
    @GetMapping("/v1/services/{id}/purges")
    Mono<Map<String, List<PurgeView>>> history(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                              @RequestParam(defaultValue = "20") int limit) {
        return purges.history(caller, id, limit).map(items -> Map.of("items", items));
    }

    @GetMapping("/v1/purges/{id}")
    Mono<PurgeView> status(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return purges.status(caller, id);
    }
}
