package dev.cdn.api.token;

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

/** API tokens: create (the secret is shown once), list (never the secret), revoke. Needs the {@code tokens} scope. */
@RestController
class TokenController {

    private final TokenService tokens;

    TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(summary = "Create an API token; its secret is answered only here", description = """
            A token has at most the caller's scopes. A caller limited to services can only make tokens limited to
            some of those services. A token made by an API token that expires expires no later: without expiresAt,
            or with a later one, it gets the caller's expiry.""")
    @PostMapping("/v1/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<TokenView.Created> create(@AuthenticationPrincipal TenantPrincipal principal,
                                   @RequestBody TokenService.CreateRequest request) {
        return tokens.create(principal, request);
    }

    @GetMapping("/v1/tokens")
    Mono<Map<String, Object>> list(@AuthenticationPrincipal TenantPrincipal principal) {
        return tokens.list(principal).collectList().map(items -> Map.of("items", items));
    }

    @DeleteMapping("/v1/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(@AuthenticationPrincipal TenantPrincipal principal, @PathVariable UUID id) {
        return tokens.revoke(principal, id);
    }
}
