package dev.cdn.api.debug;

import dev.cdn.api.security.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The URL debugger (docs/observability.md, "URL debugger"). */
@RestController
class DebugController {

    private final UrlDebugger debugger;

    DebugController(UrlDebugger debugger) {
        this.debugger = debugger;
    }

    @Operation(summary = "Trace one URL through every connected node", description = """
            Each node answers from its own active config and tiers: the matching rule, the cache key, where a miss
            would go (which shield), whether RAM and disk hold the object, its age and TTL, and the headers a hit
            would carry. Nodes that do not answer within the timeout (2 s) are listed in notAnswered.""")
    @GetMapping("/v1/services/{id}/debug")
    Mono<Map<String, Object>> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                  @RequestParam(required = false) String url,
                                  @RequestParam(required = false) String method) {
        caller.requireService(id);
        return debugger.trace(caller, id, DebugRequest.ofQuery(url, method));
    }

    @Operation(summary = "Trace one URL, with request headers that select a variant")
    @PostMapping("/v1/services/{id}/debug")
    Mono<Map<String, Object>> post(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                   @RequestBody DebugRequest request) {
        caller.requireService(id);
        return debugger.trace(caller, id, request.checked());
    }
}
