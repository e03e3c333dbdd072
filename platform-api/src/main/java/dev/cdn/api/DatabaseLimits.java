package dev.cdn.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds on the work one database statement may do ({@code cdn.db.*}), so that no request can hold a pool
 * connection for long: PostgreSQL cancels a statement after {@code statementTimeout} and gives up waiting for a
 * lock after {@code lockTimeout}. Both are set on every connection when it is opened.
 */
@ConfigurationProperties("cdn.db")
record DatabaseLimits(Duration statementTimeout, Duration lockTimeout) {

    DatabaseLimits {
        statementTimeout = statementTimeout == null ? Duration.ofSeconds(10) : statementTimeout;
        lockTimeout = lockTimeout == null ? Duration.ofSeconds(5) : lockTimeout;
        if (statementTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("cdn.db.statement-timeout must be at least 1ms, got " + statementTimeout);
        }
        if (lockTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("cdn.db.lock-timeout must be at least 1ms, got " + lockTimeout);
        }
    }
}
