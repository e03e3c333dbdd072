package dev.cdn.portal.web;

import reactor.core.publisher.Mono;

import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves the CSRF token before a page renders, so every {@code th:action} form gets its hidden token field.
 *
 * <p>WebFlux security only offers the token as a lazy {@code Mono}; Spring Security's
 * {@link CsrfRequestDataValueProcessor} (which Thymeleaf calls for each form) needs it resolved under the
 * {@code _csrf} attribute. Subscribing also stores the token in the session.
 */
@ControllerAdvice
class CsrfModelAdvice {

    @ModelAttribute
    Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        if (token == null) {
            return Mono.empty();
        }
        return token.doOnSuccess(resolved -> exchange.getAttributes()
                .put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, resolved));
    }
}
