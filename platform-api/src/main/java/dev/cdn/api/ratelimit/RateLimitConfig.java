package dev.cdn.api.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The rate limits' time source and the per-tenant budget, composed here. */
@Configuration
class RateLimitConfig {

    /** Monotonic nanoseconds; tests provide their own to move time without waiting. */
    @Bean
    @ConditionalOnMissingBean
    Ticker rateLimitTicker() {
        return Ticker.systemTicker();
    }

    @Bean
    KeyedBuckets tenantBuckets(TenantRateLimitProperties properties, Ticker ticker) {
        return new KeyedBuckets(properties.burst(), properties.perSecond(), ticker);
    }

    @Bean
    RecentRefusals recentRefusals(KeyedBuckets tenantBuckets, Ticker ticker) {
        return new RecentRefusals(ticker, Duration.ofSeconds(tenantBuckets.windowSeconds() + 1));
    }

    @Bean
    RefusalAnswers refusalAnswers(TenantRateLimitProperties properties, JsonMapper json) {
        return new RefusalAnswers(json, properties.refusalDelay());
    }

    @Bean
    TenantRateLimit tenantRateLimit(TenantRateLimitProperties properties, KeyedBuckets tenantBuckets,
                                    RecentRefusals recentRefusals, RefusalAnswers refusalAnswers, Clock clock) {
        return new TenantRateLimit(tenantBuckets, new InFlight(properties.maxConcurrent()),
                new InFlight(properties.maxConcurrentExpensive()), recentRefusals, refusalAnswers, clock);
    }

    /** Not an {@code AuthorizedRequestFilter}: it runs before the security chain, on purpose. */
    @Bean
    EarlyRefusal earlyRefusal(KeyedBuckets tenantBuckets, RecentRefusals recentRefusals,
                              RefusalAnswers refusalAnswers) {
        return new EarlyRefusal(recentRefusals, refusalAnswers, tenantBuckets.windowSeconds());
    }
}
