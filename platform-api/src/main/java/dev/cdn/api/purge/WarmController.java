package dev.cdn.api.purge;

import dev.cdn.api.security.TenantPrincipal;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Cache warming: the shield tier first, then edges, at a bounded rate, with per-node status. */
@RestController
class WarmController {

    private final WarmService warms;

    WarmController(WarmService warms) {
        this.warms = warms;
    }

    @PostMapping("/v1/services/{id}/warm")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<WarmService.WarmView> warm(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                    @RequestBody WarmService.Request body) {
        return warms.warm(caller, id, body);
    }

    @GetMapping("/v1/warms/{id}")
    Mono<WarmService.WarmView> status(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return warms.status(caller, id);
    }
}
