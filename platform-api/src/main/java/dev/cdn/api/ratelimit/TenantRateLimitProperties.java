package dev.cdn.api.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API request budget of each tenant ({@code cdn.api.rate-limit.*}): a bucket of {@code burst} tokens that
 * refills at {@code perSecond} (a call takes its {@link RequestCost}), at most {@code maxConcurrent} requests being
 * worked on at once (kept below the database pool's size, so one tenant can never hold every connection), of which
 * at most {@code maxConcurrentExpensive} cost more than one token (a tenant's wide stats queries and large audit
 * pages cannot fill the CPU other tenants need). Counted per API replica: behind a load
 * balancer spreading over N replicas a tenant gets up to N times this. A refusal is answered after
 * {@code refusalDelay}, so a client that ignores {@code Retry-After} and retries at once cannot turn cheap refusals
 * into a flood that eats the CPU other tenants need.
 */
@ConfigurationProperties("cdn.api.rate-limit")
public record TenantRateLimitProperties(Long burst, Double perSecond, Integer maxConcurrent,
                                        Integer maxConcurrentExpensive, Duration refusalDelay) {

    public TenantRateLimitProperties {
        burst = burst == null ? 200 : burst;
        perSecond = perSecond == null ? 20.0 : perSecond;
        maxConcurrent = maxConcurrent == null ? 8 : maxConcurrent;
        maxConcurrentExpensive = maxConcurrentExpensive == null ? 2 : maxConcurrentExpensive;
        refusalDelay = refusalDelay == null ? Duration.ofSeconds(1) : refusalDelay;
        if (refusalDelay.isNegative()) {
            throw new IllegalArgumentException("cdn.api.rate-limit.refusal-delay must not be negative");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("cdn.api.rate-limit.max-concurrent must be at least 1, got "
                    + maxConcurrent);
        }
        if (maxConcurrentExpensive < 1 || maxConcurrentExpensive > maxConcurrent) {
            throw new IllegalArgumentException("cdn.api.rate-limit.max-concurrent-expensive must be between 1 and"
                    + " max-concurrent (" + maxConcurrent + "), got " + maxConcurrentExpensive);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("cdn.api.rate-limit.burst must be at least 1, got " + burst);
        }
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("cdn.api.rate-limit.per-second must be positive, got " + perSecond);
        }
    }
}
