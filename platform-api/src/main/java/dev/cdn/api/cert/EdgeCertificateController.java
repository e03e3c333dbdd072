package dev.cdn.api.cert;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/edge/certificates}: what a node serves by SNI and for ACME HTTP-01, fetched when a
 * {@code certificates} event arrives (and periodically). Carries private keys: {@code no-store}, edge token only.
 */
@RestController
class EdgeCertificateController {

    private final EdgeCertificateSet set;

    EdgeCertificateController(EdgeCertificateSet set) {
        this.set = set;
    }

    @Operation(summary = "The certificates (with their private keys) and ACME HTTP-01 answers every node serves")
    @GetMapping("/v1/edge/certificates")
    Mono<ResponseEntity<byte[]>> certificates() {
        return set.current().map(current -> ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON).body(EdgeCertificateSet.json(current)));
    }
}
