package dev.cdn.api.service;

import dev.cdn.api.etag.Tagged;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.EdgeLogic;
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
 * A version's edge logic (experiments and request/response rules, docs/edge-logic.md), read and replaced as one
 * document: rules are ordered and checked against each other (shadowing, loops), so they change together.
 */
@RestController
@RequestMapping("/v1/services/{id}/versions/{number}/logic")
class EdgeLogicController {

    private final DraftEditor drafts;
    private final ServiceCatalog catalog;

    EdgeLogicController(DraftEditor drafts, ServiceCatalog catalog) {
        this.drafts = drafts;
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(summary = "The version's experiments and request/response rules, with the version's ETag")
    Mono<ResponseEntity<EdgeLogic>> logic(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                          @PathVariable int number) {
        return catalog.version(caller, id, number).map(v -> Tagged.ok(v.config().logic(), v.etag()));
    }

    @PutMapping
    @Operation(summary = "Replace a draft's experiments and rules; 400 problem+json naming each bad field"
            + " (logic.rules[2].redirect.location) and nothing stored; honours If-Match")
    Mono<ResponseEntity<ServiceView.Version>> replace(
            @AuthenticationPrincipal TenantPrincipal caller,
            @PathVariable UUID id,
            @PathVariable int number,
            @RequestBody EdgeLogic body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return drafts.edit(caller, id, number, "logic.update", DraftEdits.logic(body), ifMatch)
                .map(v -> Tagged.ok(v, v.etag()));
    }
}
