package dev.cdn.portal.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.api.ApiProblemException;

/**
 * The last word on an API refusal that no page handled itself: a 404 (no such object, or another tenant's)
 * is the portal's "not found" page, a 403 (the role lacks a scope) its "access denied" page, anything else a
 * calm 4xx page. Never a trace, and never the API's wording about objects the user may not see.
 */
@ControllerAdvice
class ApiProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);

    @ExceptionHandler(ApiProblemException.class)
    Rendering apiProblem(ApiProblemException e) {
        log.debug("platform-api refused a page's call: {}", e.getMessage());
        HttpStatus status = HttpStatus.resolve(e.status());
        if (status == HttpStatus.NOT_FOUND) {
            return Rendering.view("error/404").modelAttribute("status", 404).status(status).build();
        }
        if (status == HttpStatus.FORBIDDEN) {
            return Rendering.view("error/403").modelAttribute("status", 403).status(status).build();
        }
        return Rendering.view("error/4xx").modelAttribute("status", e.status())
                .status(status == null ? HttpStatus.BAD_REQUEST : status).build();
    }
}
