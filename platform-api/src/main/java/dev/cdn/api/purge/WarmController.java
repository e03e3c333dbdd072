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

    /**
     * "Content published": warm the URLs, or every URL of a sitemap (fetched under the SSRF rule, at most 5 MiB,
     * no DTDs), shields first, then edges, at the given rate; the answer is the warm, as for {@code /warm}.
     */
    @PostMapping("/v1/services/{id}/content-published")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<WarmService.WarmView> published(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                         @RequestBody WarmService.PublishRequest body) {
        return warms.publish(caller, id, body, "api");
    }

    @GetMapping("/v1/warms/{id}")
    Mono<WarmService.WarmView> status(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return warms.status(caller, id);
    }
}
