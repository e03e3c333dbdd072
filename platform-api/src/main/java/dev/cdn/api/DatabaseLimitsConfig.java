package dev.cdn.api;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets {@code statement_timeout} and {@code lock_timeout} as options of every R2DBC connection (the driver sends
 * them in the startup message), so they hold for every statement without any code having to remember them.
 */
@Configuration
class DatabaseLimitsConfig {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer databaseLimits(DatabaseLimits limits) {
        return builder -> builder
                .option(PostgresqlConnectionFactoryProvider.STATEMENT_TIMEOUT, limits.statementTimeout())
                .option(PostgresqlConnectionFactoryProvider.LOCK_WAIT_TIMEOUT, limits.lockTimeout());
    }
}
