package dev.cdn.api;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A Secrets Manager secret that holds the database login as the JSON keys {@code username} and {@code password}, the
 * form Amazon RDS keeps a managed master password in and rotates (every 7 days unless told otherwise). Set
 * {@code cdn.db.secret.id} (environment {@code CDN_DB_SECRET_ID}; its ARN or name) and the control plane reads the
 * login from it at start, again every {@code refresh}, and at once whenever PostgreSQL refuses a new connection's
 * login, so a rotation never needs a restart. It wins over {@code cdn.db.username}/{@code cdn.db.password} and the
 * URL's login. {@code endpoint} overrides the service's address (a VPC endpoint); {@code region} defaults to the
 * SDK's (the {@code AWS_REGION} an ECS task has).
 */
@ConfigurationProperties("cdn.db.secret")
record DatabaseSecret(String id, URI endpoint, String region, Duration refresh) {

    DatabaseSecret {
        id = id == null || id.isBlank() ? null : id.trim();
        region = region == null || region.isBlank() ? null : region.trim();
        refresh = refresh == null ? Duration.ofMinutes(1) : refresh;
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("cdn.db.secret.refresh must be positive, e.g. 1m");
        }
    }

    boolean set() {
        return id != null;
    }
}
