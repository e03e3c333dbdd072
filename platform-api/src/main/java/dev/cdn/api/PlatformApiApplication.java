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
        SpringApplication app = new SpringApplication(PlatformApiApplication.class);
        app.setDefaultProperties(databaseDefaults(System.getenv("CDN_DB_URL")));
        app.run(args);
    }

    /**
     * Turns {@code CDN_DB_URL} ({@code postgresql://user:password@host:port/db}) into the R2DBC and Flyway
     * settings, so one variable configures both; explicit spring.* properties still win.
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
