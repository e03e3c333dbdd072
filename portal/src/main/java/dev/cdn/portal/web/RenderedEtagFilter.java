package dev.cdn.portal.web;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.cdn.portal.api.RenderedEtag;

/**
 * Puts the {@code etag} field of a submitted form (the ETag the page was rendered with) into the request's
 * Reactor context, where the API client finds it. Reading the form here does not consume it: WebFlux caches the
 * parsed form for the controller's binding.
 */
@Component
class RenderedEtagFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (exchange.getRequest().getMethod() != HttpMethod.POST || type == null
                || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            return chain.filter(exchange);
        }
        return exchange.getFormData().flatMap(form -> {
            String etag = form.getFirst(RenderedEtag.FIELD);
            return etag == null || etag.isBlank() ? chain.filter(exchange)
                    : chain.filter(exchange).contextWrite(RenderedEtag.with(etag.strip()));
        });
    }
}
