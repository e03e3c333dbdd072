package dev.cdn.api;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The control plane: the /v1 REST API, config compiler and edge control channel. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlatformApiApplication {

    public static void main(String[] args) {
        // System properties outrank application.properties but not command-line arguments, which is the
        // precedence CDN_DB_URL should have.
        databaseDefaults(System.getenv("CDN_DB_URL")).forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, String.valueOf(v));
            }
        });
        SpringApplication.run(PlatformApiApplication.class, args);
    }

    /**
     * Turns {@code CDN_DB_URL} ({@code postgresql://user:password@host:port/db}) into the R2DBC and Flyway
     * settings, so one variable configures both; spring.* system properties and arguments still win.
     */
    static Map<String, Object> databaseDefaults(String url) {
        Map<String, Object> props = new HashMap<>();
        if (url == null || url.isBlank()) {
            return props;
        }
        DatabaseUrl db = DatabaseUrl.parse(url);
        props.put("spring.r2dbc.url", db.r2dbcUrl());
        props.put("spring.r2dbc.username", db.user());
        props.put("spring.r2dbc.password", db.password());
        props.put("spring.flyway.url", db.jdbcUrl());
        props.put("spring.flyway.user", db.user());
        props.put("spring.flyway.password", db.password());
        return props;
    }
}
