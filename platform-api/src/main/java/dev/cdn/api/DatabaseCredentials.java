package dev.cdn.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The database login given apart from the URL ({@code cdn.db.username} and {@code cdn.db.password}, environment
 * {@code CDN_DB_USERNAME} and {@code CDN_DB_PASSWORD}), as a secret store injects it: Amazon RDS keeps a managed master
 * password as the JSON keys {@code username} and {@code password} of a Secrets Manager secret, which ECS hands to the
 * container one key per variable, while {@code CDN_DB_URL} names host, port and database only. Each one set overrides
 * what the URL (or {@code spring.r2dbc.*} / {@code spring.flyway.*}) holds, for the R2DBC pool and Flyway alike.
 */
@ConfigurationProperties("cdn.db")
record DatabaseCredentials(String username, String password) {

    DatabaseCredentials {
        username = username == null || username.isBlank() ? null : username.trim();
        password = password == null || password.isEmpty() ? null : password;
    }

    String usernameOr(String fromUrl) {
        return username != null ? username : fromUrl;
    }

    String passwordOr(String fromUrl) {
        return password != null ? password : fromUrl;
    }

    /** Never the password: this record may end up in a log line or an error. */
    @Override
    public String toString() {
        return "DatabaseCredentials[username=" + username + ", password=" + (password == null ? "unset" : "set") + "]";
    }
}
