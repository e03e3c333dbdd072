package dev.cdn.api.ratelimit;

import dev.cdn.api.error.Problems;
import dev.cdn.api.security.AuthorizedRequestFilter;
import dev.cdn.api.security.TenantPrincipal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-tenant API rate limit: every authorized tenant request takes one token from its tenant's bucket (all the
 * tenant's users and tokens share it), and a tenant has at most a few requests being worked on at once, so that a
 * flood of slow requests cannot hold the database pool other tenants need. Each answer carries the RateLimit header fields; an empty bucket answers
 * 429 with {@code Retry-After} and a problem body before any handler runs. Edge and operator calls are not counted.
 * Placed in the security chain after authorization, so it sees the caller and refused calls do not spend budget.
 */
public final class TenantRateLimit implements AuthorizedRequestFilter {

    private final KeyedBuckets buckets;
    private final InFlight inFlight;
    private final Duration refusalDelay;
    private final JsonMapper json;

    TenantRateLimit(KeyedBuckets buckets, InFlight inFlight, Duration refusalDelay, JsonMapper json) {
        this.buckets = buckets;
        this.inFlight = inFlight;
        this.refusalDelay = refusalDelay;
        this.json = json;
    }

    @Override
    public WebFilter filter() {
        return (exchange, chain) -> ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication() == null ? null
                        : context.getAuthentication().getPrincipal())
                .ofType(TenantPrincipal.class)
                .flatMap(tenant -> limit(exchange, chain, tenant).thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true)))
                .then();
    }

    private Mono<Void> limit(ServerWebExchange exchange, WebFilterChain chain, TenantPrincipal tenant) {
        RateVerdict verdict = buckets.take(tenant.tenantId().toString());
        var response = exchange.getResponse();
        RateLimitHeaders.write(response.getHeaders(), verdict, buckets.windowSeconds());
        if (!verdict.allowed()) {
            return refuse(exchange, "this tenant may make " + verdict.limit() + " API requests in a burst, refilled over "
                    + buckets.windowSeconds() + " s; retry in " + verdict.retryAfterSeconds() + " s");
        }
        if (!inFlight.enter(tenant.tenantId())) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return refuse(exchange, "this tenant already has " + inFlight.max()
                    + " API requests being worked on; wait for one to finish");
        }
        return chain.filter(exchange).doFinally(signal -> inFlight.leave(tenant.tenantId()));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsString(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail,
                List.of())).getBytes(StandardCharsets.UTF_8);
        Mono<Void> answer = response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        // A timer, not a sleep: the event loop serves others meanwhile.
        return refusalDelay.isZero() ? answer : Mono.delay(refusalDelay).then(answer);
    }
}
