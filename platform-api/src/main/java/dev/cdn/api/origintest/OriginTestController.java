package dev.cdn.api.origintest;

import dev.cdn.api.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** "Test origin": one fetch of an origin under the platform's SSRF rule, before it is saved or activated. */
@RestController
class OriginTestController {

    private final OriginProbe probe;

    OriginTestController(OriginProbe probe) {
        this.probe = probe;
    }

    @Operation(summary = "Fetch an origin once, as an edge would, and answer the outcome, status, TLS session and"
            + " timing in plain words; 400 naming host for an address the SSRF rule refuses")
    @PostMapping("/v1/origin-tests")
    Mono<OriginTestResult> test(@AuthenticationPrincipal TenantPrincipal caller, @RequestBody OriginTestRequest body) {
        return Mono.defer(() -> probe.test(body));
    }
}
