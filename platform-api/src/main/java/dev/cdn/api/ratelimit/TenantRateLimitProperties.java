package dev.cdn.api.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API request budget of each tenant ({@code cdn.api.rate-limit.*}): a bucket of {@code burst} requests that
 * refills at {@code perSecond}. Counted per API replica: behind a load balancer spreading over N replicas a tenant
 * gets up to N times this.
 */
@ConfigurationProperties("cdn.api.rate-limit")
public record TenantRateLimitProperties(Long burst, Double perSecond) {

    public TenantRateLimitProperties {
        burst = burst == null ? 200 : burst;
        perSecond = perSecond == null ? 20.0 : perSecond;
        if (burst < 1) {
            throw new IllegalArgumentException("cdn.api.rate-limit.burst must be at least 1, got " + burst);
        }
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("cdn.api.rate-limit.per-second must be positive, got " + perSecond);
        }
    }
}
