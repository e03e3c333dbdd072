package dev.cdn.api.service;

import dev.cdn.api.security.TenantPrincipal;
import java.util.Map;
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

/** Services and their versions under {@code /v1/services}. */
@RestController
class ServiceController {

    private final ServiceCatalog catalog;

    ServiceController(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping("/v1/services")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ServiceView.Service> create(@AuthenticationPrincipal TenantPrincipal caller,
                                     @RequestBody ServiceRequests.Create request) {
        return catalog.create(caller, request);
    }

    @GetMapping("/v1/services")
    Mono<Map<String, Object>> list(@AuthenticationPrincipal TenantPrincipal caller) {
        return catalog.list(caller).collectList().map(items -> Map.of("items", items));
    }

    @GetMapping("/v1/services/{id}")
    Mono<ServiceView.Service> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return catalog.get(caller, id);
    }

    @GetMapping("/v1/services/{id}/versions")
    Mono<Map<String, Object>> versions(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return catalog.versions(caller, id).collectList().map(items -> Map.of("items", items));
    }

    @GetMapping("/v1/services/{id}/versions/{number}")
    Mono<ServiceView.Version> version(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                      @PathVariable int number) {
        return catalog.version(caller, id, number);
    }

    @PostMapping("/v1/services/{id}/versions/{number}/activate")
    Mono<ServiceView.Version> activate(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                       @PathVariable int number) {
        return catalog.activate(caller, id, number);
    }
}
