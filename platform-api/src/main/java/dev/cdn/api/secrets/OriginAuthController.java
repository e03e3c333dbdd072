package dev.cdn.api.secrets;

import dev.cdn.api.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The write-only secrets of a service: its origin-authentication header (docs/api.md, "Origin authentication") and
 * its debug token. Each change reaches the nodes at once, in one config push, without a new version.
 */
@RestController
class OriginAuthController {

    private final OriginAuthStore store;

    OriginAuthController(OriginAuthStore store) {
        this.store = store;
    }

    @GetMapping("/v1/services/{id}/origin-auth")
    @Operation(summary = "The origin-authentication header: its name, fingerprint, last 4 characters and when it was"
            + " set; never the value")
    Mono<SecretViews.OriginAuthView> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return store.view(caller, id);
    }

    @PutMapping("/v1/services/{id}/origin-auth")
    @Operation(summary = "Sets or rotates the origin-authentication header: {\"header\",\"value\"}, or"
            + " {\"header\",\"generate\":true} to get a random value, shown in this answer only")
    Mono<SecretViews.OriginAuthView> put(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                         @RequestBody(required = false) SecretViews.OriginAuthRequest body) {
        return store.set(caller, id, body);
    }

    @DeleteMapping("/v1/services/{id}/origin-auth")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Removes the origin-authentication header: fills no longer carry it")
    Mono<Void> delete(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return store.remove(caller, id);
    }

    @PostMapping("/v1/services/{id}/debug-token")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Makes a new debug token, shown in this answer only; the previous one stops working."
            + " Requests carrying it in Cdn-Debug get debug response headers")
    Mono<SecretViews.DebugTokenView> newDebugToken(@AuthenticationPrincipal TenantPrincipal caller,
                                                   @PathVariable UUID id) {
        return store.newDebugToken(caller, id);
    }

    @DeleteMapping("/v1/services/{id}/debug-token")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Removes the debug token: no request gets debug headers")
    Mono<Void> deleteDebugToken(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return store.removeDebugToken(caller, id);
    }
}
