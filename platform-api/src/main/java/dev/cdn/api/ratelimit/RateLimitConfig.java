package dev.cdn.api.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The rate limits' time source and the per-tenant budget. */
@Configuration
class RateLimitConfig {

    /** Monotonic nanoseconds; tests provide their own to move time without waiting. */
    @Bean
    @ConditionalOnMissingBean
    Ticker rateLimitTicker() {
        return Ticker.systemTicker();
    }

    @Bean
    TenantRateLimit tenantRateLimit(TenantRateLimitProperties properties, Ticker ticker, JsonMapper json) {
        return new TenantRateLimit(new KeyedBuckets(properties.burst(), properties.perSecond(), ticker),
                new InFlight(properties.maxConcurrent()), properties.refusalDelay(), json);
    }
}
