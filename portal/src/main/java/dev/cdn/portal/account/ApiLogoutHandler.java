package dev.cdn.portal.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.stereotype.Component;

import dev.cdn.portal.api.AccountClient;

/**
 * Revokes the user's platform-api token on logout ({@code DELETE /v1/sessions/current}).
 *
 * <p>Best effort: if the API is down or the token already expired, the portal session still ends, since a
 * user who asked to log out must never stay logged in.
 */
@Component
class ApiLogoutHandler implements ServerLogoutHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiLogoutHandler.class);

    private final AccountClient accountApi;

    ApiLogoutHandler(AccountClient accountApi) {
        this.accountApi = accountApi;
    }

    @Override
    public Mono<Void> logout(WebFilterExchange exchange, Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof PortalUser user)) {
            return Mono.empty();
        }
        return accountApi.deleteSession(user.apiToken())
                .onErrorResume(e -> {
                    log.info("Could not revoke the API token of {} on logout: {}", user.email(), e.getMessage());
                    return Mono.empty();
                });
    }
}
