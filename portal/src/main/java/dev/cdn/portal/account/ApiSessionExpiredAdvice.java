package dev.cdn.portal.account;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import dev.cdn.portal.api.ApiUnauthorizedException;

/**
 * When platform-api rejects the user's token (it expired or was revoked), the portal session is worthless:
 * end it and send the user to log in again, with a message saying why.
 */
@ControllerAdvice
class ApiSessionExpiredAdvice {

    private final PortalSessions sessions;

    ApiSessionExpiredAdvice(PortalSessions sessions) {
        this.sessions = sessions;
    }

    @ExceptionHandler(ApiUnauthorizedException.class)
    Mono<Rendering> apiSessionExpired(ServerWebExchange exchange) {
        return sessions.end(exchange)
                .thenReturn(Rendering.redirectTo(LoginNotice.SESSION_EXPIRED.loginPath()).build());
    }
}
