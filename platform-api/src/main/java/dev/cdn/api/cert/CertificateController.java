package dev.cdn.api.cert;

import dev.cdn.api.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A service's TLS certificates under {@code /v1/services/{id}/certificates}; private keys go in, never out. */
@RestController
class CertificateController {

    private final CertificateRegistry registry;

    CertificateController(CertificateRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "Upload a certificate chain (PEM, leaf first) and its PKCS#8 private key; checked (parses,"
            + " chain order, validity, key match, names cover a verified domain) and the key encrypted at rest")
    @PostMapping("/v1/services/{id}/certificates")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CertificateView> upload(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                 @RequestBody UploadRequest body) {
        return registry.upload(caller, id, body);
    }

    @Operation(summary = "List the service's certificates with their status, names served and expiry, and its ACME"
            + " state (status, last error, next attempt; null until the platform first ordered for it)")
    @GetMapping("/v1/services/{id}/certificates")
    Mono<Map<String, Object>> list(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return registry.list(caller, id).collectList().flatMap(items -> registry.acme(caller, id)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .map(acme -> {
                    Map<String, Object> out = new java.util.LinkedHashMap<>();
                    out.put("items", items);
                    out.put("acme", acme.orElse(null));
                    return out;
                }));
    }

    @Operation(summary = "One certificate (never its private key)")
    @GetMapping("/v1/services/{id}/certificates/{certificateId}")
    Mono<CertificateView> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                              @PathVariable UUID certificateId) {
        return registry.get(caller, id, certificateId);
    }

    @Operation(summary = "Delete a certificate; edges stop serving it")
    @DeleteMapping("/v1/services/{id}/certificates/{certificateId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                      @PathVariable UUID certificateId) {
        return registry.delete(caller, id, certificateId);
    }
}
