package dev.cdn.api.ratelimit;

import dev.cdn.api.error.Problems;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the tenant limit's refusals: {@code 429} with an RFC 9457 problem body rendered once at start (a refusal
 * is the answer an abusive client gets most often, so it costs a few header writes and fixed bytes, not a JSON
 * serialisation), sent after the refusal delay, so that a client that ignores {@code Retry-After} and retries at
 * once cannot turn cheap refusals into a flood that eats the CPU other tenants need.
 */
final class RefusalAnswers {

    private final Map<Refusal, byte[]> bodies = new EnumMap<>(Refusal.class);
    private final Duration delay;

    RefusalAnswers(JsonMapper json, Duration delay) {
        this.delay = delay;
        for (Refusal refusal : Refusal.values()) {
            bodies.put(refusal, json.writeValueAsString(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                    refusal.detail(), List.of())).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sets the status and content type and, after the delay, writes the body; header fields set before stay. */
    Mono<Void> answer(ServerHttpResponse response, Refusal refusal) {
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Mono<Void> write = response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bodies.get(refusal))));
        // A timer, not a sleep: the event loop serves others meanwhile.
        return delay.isZero() ? write : Mono.delay(delay).then(write);
    }
}
