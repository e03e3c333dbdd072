package dev.cdn.api.ratelimit;

import dev.cdn.api.security.AuthorizedRequestFilter;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.api.security.TokenSecrets;
import java.time.Clock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Per-tenant API rate limit: every authorized tenant request takes its cost ({@link RequestCost}: one token for
 * most calls, more for wide stats queries and large audit pages) from its tenant's bucket (all the tenant's users
 * and tokens share it), and a tenant has at most a few requests being worked on at once, and fewer expensive ones,
 * so that a flood of slow requests cannot hold the database pool or the CPU other tenants need. Each answer carries
 * the RateLimit header fields; an empty bucket answers 429 with {@code Retry-After} and a problem body before any
 * handler runs, and the credential is remembered ({@link RecentRefusals}) so that its next calls are refused before
 * authentication until a token is back. Edge and operator calls are not counted. Placed in the security chain after
 * authorization, so it sees the caller and refused calls do not spend budget.
 */
public final class TenantRateLimit implements AuthorizedRequestFilter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final KeyedBuckets buckets;
    private final InFlight inFlight;
    private final InFlight expensiveInFlight;
    private final RecentRefusals recent;
    private final RefusalAnswers answers;
    private final Clock clock;

    TenantRateLimit(KeyedBuckets buckets, InFlight inFlight, InFlight expensiveInFlight, RecentRefusals recent,
                    RefusalAnswers answers, Clock clock) {
        this.buckets = buckets;
        this.inFlight = inFlight;
        this.expensiveInFlight = expensiveInFlight;
        this.recent = recent;
        this.answers = answers;
        this.clock = clock;
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
        ServerHttpRequest request = exchange.getRequest();
        long cost = RequestCost.of(request.getMethod(), request.getPath().pathWithinApplication().value(),
                request.getQueryParams(), clock.instant());
        String key = tenant.tenantId().toString();
        RateVerdict verdict = buckets.take(key, cost);
        var response = exchange.getResponse();
        RateLimitHeaders.write(response.getHeaders(), verdict, buckets.windowSeconds());
        if (!verdict.allowed()) {
            rememberRefusal(request, key, verdict);
            return answers.answer(response, Refusal.BUDGET_SPENT);
        }
        if (!inFlight.enter(tenant.tenantId())) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return answers.answer(response, Refusal.TOO_MANY_IN_FLIGHT);
        }
        if (!RequestCost.expensive(cost)) {
            return chain.filter(exchange).doFinally(signal -> inFlight.leave(tenant.tenantId()));
        }
        if (!expensiveInFlight.enter(tenant.tenantId())) {
            inFlight.leave(tenant.tenantId());
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return answers.answer(response, Refusal.TOO_MANY_EXPENSIVE_IN_FLIGHT);
        }
        return chain.filter(exchange).doFinally(signal -> {
            expensiveInFlight.leave(tenant.tenantId());
            inFlight.leave(tenant.tenantId());
        });
    }

    /**
     * When not even a one-token call fits any more, the credential's next calls are refused before authentication
     * ({@link EarlyRefusal}) for the whole seconds a one-token call is told to wait in {@code Retry-After}: a client
     * that honours it never meets the early refusal, and one that does not is refused for no longer than it was told.
     * (At a high refill rate the bucket holds a token again within milliseconds: remembering only that long would
     * send nearly every call of a flood through authentication again.) A call refused only for its own high cost
     * leaves cheap calls open.
     */
    private void rememberRefusal(ServerHttpRequest request, String key, RateVerdict verdict) {
        String secret = TokenSecrets.bearerSecret(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        long nanos = buckets.nanosUntilOne(key);
        if (secret != null && nanos > 0) {
            long announced = Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
            recent.remember(TokenSecrets.hash(secret), announced * NANOS_PER_SECOND, verdict);
        }
    }
}
