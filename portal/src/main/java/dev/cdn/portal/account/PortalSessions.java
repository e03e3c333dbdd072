package dev.cdn.portal.account;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * Starts and ends the portal session of a browser: the one place that knows what "logged in" means.
 */
@Component
public class PortalSessions {

    private static final URI HOME = URI.create("/dashboard");

    private final ServerSecurityContextRepository contexts;
    private final ServerCsrfTokenRepository csrfTokens;
    private final ServerRequestCache requestCache;

    PortalSessions(ServerSecurityContextRepository contexts, ServerCsrfTokenRepository csrfTokens,
            ServerRequestCache requestCache) {
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
        this.requestCache = requestCache;
    }

    /**
     * Stores {@code authentication} in the session and answers where to send the user next: the page they
     * asked for before being sent to the login page, else the dashboard.
     */
    Mono<URI> logIn(ServerWebExchange exchange, Authentication authentication) {
        // Saving through the WebSession repository changes the session id (session fixation protection);
        // the pre-login CSRF token is dropped too, so a token an attacker planted cannot outlive the login.
        return contexts.save(exchange, new SecurityContextImpl(authentication))
                .then(csrfTokens.saveToken(exchange, null))
                .then(requestCache.getRedirectUri(exchange))
                .defaultIfEmpty(HOME);
    }

    /** Ends the session and everything in it (authentication, API token, CSRF token); the cookie is expired. */
    public Mono<Void> end(ServerWebExchange exchange) {
        return exchange.getSession().flatMap(WebSession::invalidate);
    }
}
