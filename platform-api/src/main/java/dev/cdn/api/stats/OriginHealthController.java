package dev.cdn.api.stats;

import dev.cdn.api.security.TenantPrincipal;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /v1/services/{id}/origins/health}: each origin's health as the edges and shields report it. */
@RestController
class OriginHealthController {

    private final OriginHealthService health;

    OriginHealthController(OriginHealthService health) {
        this.health = health;
    }

    @GetMapping("/v1/services/{id}/origins/health")
    Mono<OriginHealthService.ServiceHealth> health(@AuthenticationPrincipal TenantPrincipal caller,
                                                   @PathVariable UUID id) {
        return health.health(caller, id);
    }
}
