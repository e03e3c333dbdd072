package dev.cdn.portal.web;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import dev.cdn.portal.api.ApiProblemException;

/**
 * The last word on an API refusal that no page handled itself: a 404 (no such object, or another tenant's)
 * is the portal's "not found" page, a 403 (the role lacks a scope) its "access denied" page, a 412 (the page's
 * ETag is stale) a "changed by someone else, reload" page, anything else a calm 4xx page. Never a trace, and
 * never the API's wording about objects the user may not see.
 */
@ControllerAdvice
class ApiProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);

    @ExceptionHandler(ApiProblemException.class)
    Mono<Rendering> apiProblem(ApiProblemException e, ServerWebExchange exchange) {
        HttpStatus status = HttpStatus.resolve(e.status());
        if (status != HttpStatus.FORBIDDEN) {
            return Mono.just(render(e, exchange));
        }
        // The refusal page keeps the header and says what the role allows: it needs the signed-in user, which
        // the model of an exception handler does not carry.
        return exchange.getPrincipal().ofType(Authentication.class).map(Authentication::getPrincipal)
                .map(user -> Rendering.view("error/403").modelAttribute("status", 403)
                        .modelAttribute("currentUser", user).status(HttpStatus.FORBIDDEN).build())
                .defaultIfEmpty(render(e, exchange));
    }

    private Rendering render(ApiProblemException e, ServerWebExchange exchange) {
        log.debug("platform-api refused a page's call: {}", e.getMessage());
        HttpStatus status = HttpStatus.resolve(e.status());
        if (status == HttpStatus.PRECONDITION_FAILED) {
            // The page's ETag is stale: someone changed the thing since it was rendered. 409 tells the browser
            // the request conflicted with the current state; the page says what to do.
            return Rendering.view("error/changed").modelAttribute("reload", reloadTarget(exchange))
                    .status(HttpStatus.CONFLICT).build();
        }
        if (status == HttpStatus.NOT_FOUND) {
            return Rendering.view("error/404").modelAttribute("status", 404).status(status).build();
        }
        if (status == HttpStatus.FORBIDDEN) {
            return Rendering.view("error/403").modelAttribute("status", 403).status(status).build();
        }
        return Rendering.view("error/4xx").modelAttribute("status", e.status())
                .status(status == null ? HttpStatus.BAD_REQUEST : status).build();
    }

    /** The page the form was on (same origin only: never an open redirect), else the dashboard. */
    static String reloadTarget(ServerWebExchange exchange) {
        String referer = exchange.getRequest().getHeaders().getFirst(HttpHeaders.REFERER);
        if (referer == null) {
            return "/dashboard";
        }
        try {
            URI uri = URI.create(referer);
            String path = uri.getRawPath();
            boolean sameOrigin = uri.getAuthority() == null
                    || uri.getAuthority().equals(exchange.getRequest().getURI().getAuthority());
            if (sameOrigin && path != null && path.startsWith("/") && !path.startsWith("//")) {
                return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            }
        } catch (IllegalArgumentException malformed) {
            // A malformed Referer: fall back to the dashboard.
        }
        return "/dashboard";
    }
}
