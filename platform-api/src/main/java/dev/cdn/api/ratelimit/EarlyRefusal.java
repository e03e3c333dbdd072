package dev.cdn.api.ratelimit;

import dev.cdn.api.security.TokenSecrets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a call whose credential was refused for an empty budget moments ago ({@link RecentRefusals}) before the
 * security chain runs: no authentication, no route matching, no security context. Under a flood this is most of
 * what the abusive tenant gets, so its refusals cost a header read, a SHA-256 and a map lookup. Ordered ahead of
 * Spring Security's filter chain; calls of edges and public calls carry no refused credential and pass untouched.
 * A refused credential that was revoked meanwhile still gets {@code 429} (not {@code 401}) until its refusal ends,
 * at most the seconds of its {@code Retry-After}.
 */
final class EarlyRefusal implements WebFilter, Ordered {

    /** Before Spring Security's {@code WebFilterChainProxy} (order -100). */
    static final int ORDER = -200;

    private final RecentRefusals recent;
    private final RefusalAnswers answers;
    private final long windowSeconds;

    EarlyRefusal(RecentRefusals recent, RefusalAnswers answers, long windowSeconds) {
        this.recent = recent;
        this.answers = answers;
        this.windowSeconds = windowSeconds;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!recent.any()) {
            return chain.filter(exchange);
        }
        String secret = TokenSecrets.bearerSecret(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        RecentRefusals.Entry refusal = secret == null ? null : recent.current(TokenSecrets.hash(secret));
        if (refusal == null) {
            return chain.filter(exchange);
        }
        long now = recent.nowNanos();
        long retryAfter = Math.max(1, (refusal.untilNanos() - now + 999_999_999L) / 1_000_000_000L);
        long elapsedSeconds = (now - refusal.atNanos()) / 1_000_000_000L;
        RateVerdict verdict = refusal.verdict();
        RateLimitHeaders.write(exchange.getResponse().getHeaders(), new RateVerdict(RateOutcome.LIMITED,
                verdict.limit(), 0, Math.max(retryAfter, verdict.resetSeconds() - elapsedSeconds), retryAfter),
                windowSeconds);
        return answers.answer(exchange.getResponse(), Refusal.BUDGET_SPENT_RECENTLY);
    }
}
