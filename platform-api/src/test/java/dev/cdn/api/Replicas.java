package dev.cdn.api;

import dev.cdn.testsupport.TestDatabase;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts one platform-api replica on a shared test database, as {@link ApiTestBase} configures one (the edge token,
 * loopback origins, {@code *.localhost} verified at once), plus the test's own {@code --name=value} settings.
 */
public final class Replicas {

    private Replicas() {
    }

    public static ConfigurableApplicationContext start(TestDatabase.Database db, String... more) {
        return new SpringApplicationBuilder(PlatformApiApplication.class).run(Stream.concat(Stream.of(
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.r2dbc.url=" + db.r2dbcUrl(), "--spring.r2dbc.username=" + db.user(),
                "--spring.r2dbc.password=" + db.password(), "--spring.flyway.url=" + db.jdbcUrl(),
                "--spring.flyway.user=" + db.user(), "--spring.flyway.password=" + db.password(),
                "--cdn.edge.token=" + ApiTestBase.EDGE_TOKEN, "--cdn.allowed-private-origins=127.0.0.1",
                "--cdn.dev.auto-verify-domains=true"), Stream.of(more)).toArray(String[]::new));
    }
}
