package dev.cdn.api.domain;

import dev.cdn.api.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A service's domain claims and their ownership checks under {@code /v1/services/{id}/domains}. */
@RestController
class DomainController {

    private final DomainRegistry registry;

    DomainController(DomainRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "List the service's domains with their ownership state and the TXT record or HTTP token"
            + " that proves each")
    @GetMapping("/v1/services/{id}/domains")
    Mono<Map<String, Object>> list(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return registry.list(caller, id).collectList().map(items -> Map.of("items", items));
    }

    @Operation(summary = "Check a domain's ownership now (DNS TXT record, else HTTP token) and answer its state")
    @PostMapping("/v1/services/{id}/domains/{name}/check")
    Mono<DomainView> check(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                           @PathVariable String name) {
        return registry.checkNow(caller, id, name);
    }
}
