package dev.cdn.api.service;

import dev.cdn.api.etag.Tagged;
import dev.cdn.api.protect.StoredSecrets;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.Protection;
import dev.cdn.config.ServiceConfig;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A version's protection (docs/edge-logic.md): signed URLs, rate limits, address and country lists, request
 * filters. Read and replaced as a whole, with {@code If-Match} against the version's ETag like every other edit.
 * Signing-key secrets are accepted and never shown (see {@link dev.cdn.api.protect.SecretRedaction}).
 */
@RestController
@RequestMapping("/v1/services/{id}/versions/{number}/protection")
class ProtectionController {

    private final DraftEditor drafts;
    private final ServiceCatalog catalog;

    ProtectionController(DraftEditor drafts, ServiceCatalog catalog) {
        this.drafts = drafts;
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(summary = "A version's protection; signing keys show their id and fingerprint, never the secret")
    Mono<ResponseEntity<Protection>> protection(@AuthenticationPrincipal TenantPrincipal caller,
                                                @PathVariable UUID id, @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Tagged.ok(v.config().protection(), v.etag()));
    }

    @PutMapping
    @Operation(summary = "Replaces a draft's protection; a key sent with its id and no secret keeps the stored secret")
    Mono<ResponseEntity<Protection>> replace(@AuthenticationPrincipal TenantPrincipal caller,
                                             @PathVariable UUID id, @PathVariable int number,
                                             @RequestBody Protection body,
                                             @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "protection.update",
                        c -> with(c, StoredSecrets.keep(body, c.protection())), ifMatch)
                .map(v -> Tagged.ok(v.config().protection(), v.etag()));
    }

    private static ServiceConfig with(ServiceConfig c, Protection protection) {
        return new ServiceConfig(c.id(), c.tenantId(), c.name(), c.version(), c.domains(), c.origins(), c.rules(),
                c.settings(), c.logic(), protection);
    }
}
