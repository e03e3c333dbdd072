package dev.cdn.api;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies {@link DatabaseCredentials} to the R2DBC pool (Flyway's side is in {@link DatabaseTlsConfig}'s connection
 * details), and turns a login PostgreSQL refuses at start-up into an error that names the settings to check, without
 * the password.
 */
@Configuration
class DatabaseCredentialsConfig {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer databaseCredentials(DatabaseCredentials credentials) {
        // Customizers run after the URL and spring.r2dbc.* were applied, so these win.
        return builder -> {
            if (credentials.username() != null) {
                builder.option(ConnectionFactoryOptions.USER, credentials.username());
            }
            if (credentials.password() != null) {
                builder.option(ConnectionFactoryOptions.PASSWORD, credentials.password());
            }
        };
    }

    /** Migrating is the first connection the control plane makes, so a wrong login shows here first. */
    @Bean
    FlywayMigrationStrategy loginNamingMigration() {
        return flyway -> {
            try {
                flyway.migrate();
            } catch (FlywayException e) {
                if (refusedLogin(e)) {
                    // PostgreSQL's own message names the user, never the password; keep it as the cause.
                    throw new IllegalStateException("PostgreSQL refused the database login: check cdn.db.username and "
                            + "cdn.db.password (CDN_DB_USERNAME, CDN_DB_PASSWORD), or the user and password in "
                            + "CDN_DB_URL when those are unset", e);
                }
                throw e;
            }
        };
    }

    /** SQLSTATE class 28, invalid authorization specification (28000, 28P01: PostgreSQL's errcodes appendix). */
    private static boolean refusedLogin(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28")) {
                return true;
            }
        }
        return false;
    }
}
