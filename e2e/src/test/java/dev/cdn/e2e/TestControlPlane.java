package dev.cdn.e2e;

import dev.cdn.api.PlatformApiApplication;
import dev.cdn.testsupport.TestDatabase;
import java.net.URI;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts platform-api for an end-to-end test: a database of its own, an ephemeral port on 127.0.0.1. */
final class TestControlPlane {

    private TestControlPlane() {
    }

    /**
     * With these edge and operator tokens, loopback origins allowed, {@code *.localhost} verified at once and a
     * sign-up budget every test can sign tenants up within (the per-address budget has tests of its own);
     * {@code more} adds settings of the test's own ({@code --name=value}).
     */
    static ConfigurableApplicationContext start(String edgeToken, String operatorToken, String... more) {
        TestDatabase.Database db = TestDatabase.create();
        return new SpringApplicationBuilder(PlatformApiApplication.class).run(java.util.stream.Stream.concat(
                java.util.stream.Stream.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.r2dbc.url=" + db.r2dbcUrl(), "--spring.r2dbc.username=" + db.user(),
                "--spring.r2dbc.password=" + db.password(),
                "--spring.flyway.url=" + db.jdbcUrl(), "--spring.flyway.user=" + db.user(),
                "--spring.flyway.password=" + db.password(),
                "--cdn.edge.token=" + edgeToken, "--cdn.operator.token=" + operatorToken,
                "--cdn.allowed-private-origins=127.0.0.1", "--cdn.dev.auto-verify-domains=true",
                "--cdn.api.signup.burst=1000"),
                java.util.stream.Stream.of(more)).toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext api) {
        return Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
    }

    /** Where nodes reach it: its address on loopback. */
    static URI uri(ConfigurableApplicationContext api) {
        return URI.create("http://127.0.0.1:" + port(api));
    }
}
