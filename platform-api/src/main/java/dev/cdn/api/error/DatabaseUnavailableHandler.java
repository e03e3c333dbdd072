package dev.cdn.api.error;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers a database outage that happened outside a controller (authenticating a bearer token, a filter) with the
 * same 503 problem+json as {@link ProblemHandler} does inside one, instead of Spring's default error JSON. Ordered
 * before Boot's default handler (order -1); anything else passes on to it.
 */
@Component
@Order(-2)
class DatabaseUnavailableHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);
    /** A fixed body: it carries nothing from the request or the error, so it needs no escaping. */
    private static final byte[] BODY = ("{\"type\":\"https://docs.cdn.dev/problems/service-unavailable\","
            + "\"title\":\"Database unavailable\",\"status\":503,"
            + "\"detail\":\"the platform's database cannot be reached; retry later\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (!DatabaseUnavailable.is(error) || response.isCommitted()) {
            return Mono.error(error);
        }
        log.warn("database unavailable for {} {}: {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), error.toString());
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set("Retry-After", Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        response.getHeaders().setContentLength(BODY.length);
        DataBuffer buffer = response.bufferFactory().wrap(BODY);
        return response.writeWith(Mono.just(buffer));
    }
}
