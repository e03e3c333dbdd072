package dev.cdn.api;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Applies {@link DatabaseTls} to both ways the control plane reaches PostgreSQL, the R2DBC pool and Flyway's JDBC
 * connection, whichever way their URLs were given ({@code CDN_DB_URL} or {@code spring.*} properties), so that
 * neither can silently stay plain when TLS is asked for.
 */
@Configuration
class DatabaseTlsConfig {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer databaseTls(DatabaseTls tls) {
        return builder -> {
            builder.option(PostgresqlConnectionFactoryProvider.SSL_MODE, tls.mode().r2dbc());
            if (tls.mode().verifiesCertificate()) {
                builder.option(PostgresqlConnectionFactoryProvider.SSL_ROOT_CERT, tls.rootCert().toAbsolutePath().toString());
            }
        };
    }

    @Bean
    FlywayConnectionDetails flywayConnectionDetails(Environment env, DatabaseTls tls, DatabaseLogin login) {
        // Read from the environment rather than FlywayProperties, which exists only while Flyway is enabled.
        return new FlywayConnectionDetails() {
            @Override
            public String getUsername() {
                return login.username(env.getProperty("spring.flyway.user"));
            }

            @Override
            public String getPassword() {
                return login.password(env.getProperty("spring.flyway.password"));
            }

            @Override
            public String getJdbcUrl() {
                String url = env.getProperty("spring.flyway.url");
                return url == null ? null : tls.jdbcUrl(url);
            }
        };
    }
}
