package dev.cdn.api.service;

import dev.cdn.api.security.TenantPrincipal;
import java.util.Map;
import java.util.UUID;
import dev.cdn.api.etag.Tagged;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Services and their versions under {@code /v1/services}. */
@RestController
class ServiceController {

    private final ServiceCatalog catalog;
    private final ServiceLifecycle lifecycle;

    ServiceController(ServiceCatalog catalog, ServiceLifecycle lifecycle) {
        this.catalog = catalog;
        this.lifecycle = lifecycle;
    }

    @PostMapping("/v1/services")
    Mono<ResponseEntity<ServiceView.Service>> create(@AuthenticationPrincipal TenantPrincipal caller,
                                                     @RequestBody ServiceRequests.Create request) {
        return catalog.create(caller, request).map(s -> Tagged.created(s, s.etag()));
    }

    @GetMapping("/v1/services")
    Mono<Map<String, Object>> list(@AuthenticationPrincipal TenantPrincipal caller) {
        return catalog.list(caller).collectList().map(items -> Map.of("items", items));
    }

    @GetMapping("/v1/services/{id}")
    Mono<ResponseEntity<ServiceView.Service>> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return catalog.get(caller, id).map(s -> Tagged.ok(s, s.etag()));
    }

    /**
     * Deletes the service: edges stop serving it and drop its cache, its domains are free to claim, its history
     * stays in the audit log. Honours {@code If-Match} against the service's ETag.
     */
    @DeleteMapping("/v1/services/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                      @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return lifecycle.delete(caller, id, ifMatch);
    }

    /** Discards a draft; the service keeps serving its active version. Honours {@code If-Match}. */
    @DeleteMapping("/v1/services/{id}/versions/{number}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> discard(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                       @PathVariable int number,
                       @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return lifecycle.discardDraft(caller, id, number, ifMatch);
    }

    @GetMapping("/v1/services/{id}/versions")
    Mono<Map<String, Object>> versions(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return catalog.versions(caller, id).collectList().map(items -> Map.of("items", items));
    }

    @GetMapping("/v1/services/{id}/versions/{number}")
    Mono<ResponseEntity<ServiceView.Version>> version(@AuthenticationPrincipal TenantPrincipal caller,
                                                      @PathVariable UUID id, @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Tagged.ok(v, v.etag()));
    }

    @PostMapping("/v1/services/{id}/versions/{number}/activate")
    Mono<ResponseEntity<ServiceView.Version>> activate(@AuthenticationPrincipal TenantPrincipal caller,
                                                       @PathVariable UUID id, @PathVariable int number,
                                                       @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return catalog.activate(caller, id, number, ifMatch).map(v -> Tagged.ok(v, v.etag()));
    }
}
