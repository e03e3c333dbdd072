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
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConnectionFactoryOptionsBuilderCustomizer databaseCredentials(DatabaseCredentials credentials, DatabaseLogin login) {
        // Customizers run after the URL and spring.r2dbc.* were applied, so these win.
        return builder -> {
            if (login.rotating()) {
                // Asked at each new connection (the driver takes a Supplier for both), so a rotated login reaches
                // the pool without a restart.
                java.util.function.Supplier<CharSequence> user = () -> login.username(null);
                java.util.function.Supplier<CharSequence> password = () -> login.password(null);
                builder.option((io.r2dbc.spi.Option) ConnectionFactoryOptions.USER, user);
                builder.option((io.r2dbc.spi.Option) ConnectionFactoryOptions.PASSWORD, password);
                return;
            }
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
                            + "CDN_DB_URL when those are unset, or the secret cdn.db.secret.id (CDN_DB_SECRET_ID) "
                            + "names when that is set", e);
                }
                throw e;
            }
        };
    }

    /**
     * With a rotated login, a new connection PostgreSQL refuses makes {@link DatabaseLogin} read the secret again and
     * is tried once more: the rotation happened after the last read. Wraps the pool; what it hands out is unchanged.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor retryRefusedLogin(
            org.springframework.beans.factory.ObjectProvider<DatabaseLogin> login) {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof io.r2dbc.spi.ConnectionFactory pool && login.getObject().rotating()) {
                    return new RefusedLoginRetry(pool, login.getObject());
                }
                return bean;
            }
        };
    }

    /** SQLSTATE class 28, invalid authorization specification (28000, 28P01: PostgreSQL's errcodes appendix). */
    static boolean refusedLogin(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28")) {
                return true;
            }
            if (t instanceof io.r2dbc.spi.R2dbcException r2dbc && r2dbc.getSqlState() != null
                    && r2dbc.getSqlState().startsWith("28")) {
                return true;
            }
        }
        return false;
    }
}
