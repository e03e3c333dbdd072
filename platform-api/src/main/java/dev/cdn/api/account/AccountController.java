package dev.cdn.api.account;

import dev.cdn.api.security.TenantPrincipal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Sign-up, log-in (sessions) and the caller's own identity. */
@RestController
class AccountController {

    private final AccountService accounts;
    private final AbuseLimits limits;

    AccountController(AccountService accounts, AbuseLimits limits) {
        this.accounts = accounts;
        this.limits = limits;
    }

    /** Creates a tenant and its owner. */
    @PostMapping("/v1/signup")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AccountView.Signup> signup(@RequestBody AccountRequests.Signup request, ServerHttpRequest http) {
        return accounts.signup(request, limits.client(http));
    }

    /**
     * Logs a user in: returns a session token (12 hours) carrying the scopes of the user's role. Repeated failures
     * lock the account and the client address out for a doubling time (429 with Retry-After).
     */
    @PostMapping("/v1/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AccountView.Session> login(@RequestBody AccountRequests.Login request, ServerHttpRequest http) {
        return accounts.login(request, limits.client(http));
    }

    /** Logs out: revokes the token used for this call. */
    @DeleteMapping("/v1/sessions/current")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@AuthenticationPrincipal TenantPrincipal principal) {
        return accounts.revoke(principal);
    }

    @GetMapping("/v1/me")
    Mono<Map<String, Object>> me(@AuthenticationPrincipal TenantPrincipal principal) {
        return accounts.me(principal);
    }
}
