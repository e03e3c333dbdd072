package dev.cdn.portal.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.api.ApiUnavailableException;

/**
 * Turns an unreachable or failing platform-api into a calm 503 page instead of an error trace; pages that
 * can say something more specific (forms keep what was typed) handle the outage themselves first.
 */
@ControllerAdvice
class ApiUnavailableAdvice {

    @ExceptionHandler(ApiUnavailableException.class)
    Rendering apiUnavailable() {
        return Rendering.view("unavailable").status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }
}
