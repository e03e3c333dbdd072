package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cdn.testsupport.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The database login read from a rotated secret ({@code cdn.db.secret.id}), against a real PostgreSQL: the control
 * plane migrates and serves with the secret's login, and after the password is rotated (in PostgreSQL and in the
 * secret) and its open connections are gone, the next query works, because the refused login made it read the secret
 * again, exactly once. Secrets Manager itself cannot run here: a small HTTP server answers its {@code GetSecretValue}
 * call as the service does (AWS JSON 1.1), and the real AWS SDK client talks to it.
 */
class DatabaseSecretRotationTest {

    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn-db-AbCdEf";

    private static TestDatabase.Database db;
    private static HttpServer secrets;
    private static final AtomicReference<String> secretString = new AtomicReference<>();
    private static final AtomicInteger reads = new AtomicInteger();

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabase.create();
        secrets = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        secrets.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String value = secretString.get();
            byte[] body;
            int status;
            if (!"secretsmanager.GetSecretValue".equals(target) || value == null) {
                status = 400;
                body = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                reads.incrementAndGet();
                status = 200;
                body = ("{\"ARN\":\"" + SECRET_ARN + "\",\"Name\":\"cdn-db\",\"VersionId\":\"" + UUID.randomUUID()
                        + "\",\"SecretString\":" + jsonString(value) + ",\"VersionStages\":[\"AWSCURRENT\"]}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        secrets.start();
        // The SDK's default credential chain reads these; the stand-in does not check signatures.
        System.setProperty("aws.accessKeyId", "AKIDTESTONLY");
        System.setProperty("aws.secretAccessKey", "test-only-secret");
    }

    @AfterAll
    static void tearDown() {
        secrets.stop(0);
    }

    @Test
    void rotatedPassword_isReadAgainAfterARefusedLogin_withoutARestart() throws Exception {
        String role = "cdn_rot_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = admin(); Statement st = admin.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'first-Pass-1'");
            st.execute("ALTER DATABASE " + db.name() + " OWNER TO " + role);
        }
        assumeTrue(serverChecksPasswords(role), "the test server accepts any password (pg_hba.conf \"trust\")");
        secretString.set("{\"username\":\"" + role + "\",\"password\":\"first-Pass-1\",\"engine\":\"postgres\"}");
        reads.set(0);

        try (var api = start()) {
            DatabaseClient client = api.getBean(DatabaseClient.class);
            assertThat(currentUser(client)).isEqualTo(role);
            assertThat(reads.get()).as("read once at start").isEqualTo(1);

            // RDS rotates: the password changes in PostgreSQL and in the secret; then the pool's connections go.
            try (Connection admin = admin(); Statement st = admin.createStatement()) {
                st.execute("ALTER ROLE " + role + " PASSWORD 'second-Pass-2'");
                secretString.set("{\"username\":\"" + role + "\",\"password\":\"second-Pass-2\"}");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
            }

            // A pooled connection the server just closed may fail one query before the pool drops it.
            String user = null;
            List<String> errors = new ArrayList<>();
            for (int attempt = 0; attempt < 5 && user == null; attempt++) {
                try {
                    user = currentUser(client);
                } catch (RuntimeException e) {
                    errors.add(e.toString());
                }
            }
            assertThat(user).as("a query after the rotation (errors on the way: %s)", errors).isEqualTo(role);
            assertThat(reads.get()).as("the refused login read the secret again, once").isEqualTo(2);
        }
    }

    @Test
    void unreadableSecret_isAStartupErrorNamingTheSetting() {
        secretString.set(null);
        Throwable missing = catchThrowable(() -> start().close());
        assertThat(trace(missing)).contains("cdn.db.secret.id").contains(SECRET_ARN);

        secretString.set("not json, but a password-ish Value-42");
        Throwable notJson = catchThrowable(() -> start().close());
        assertThat(trace(notJson)).contains("cdn.db.secret.id").contains("\"username\" and \"password\"")
                .doesNotContain("Value-42");
    }

    private static ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.r2dbc.pool.initial-size=0", "--cdn.domains.recheck-enabled=false",
                "--cdn.db.secret.id=" + SECRET_ARN, "--cdn.db.secret.region=us-east-1",
                "--cdn.db.secret.endpoint=http://127.0.0.1:" + secrets.getAddress().getPort(),
                // Only a refused login may make it read again during the test.
                "--cdn.db.secret.refresh=1h"));
        PlatformApiApplication.databaseDefaults("postgresql://" + db.host() + ":" + db.port() + "/" + db.name())
                .forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(PlatformApiApplication.class).run(args.toArray(String[]::new));
    }

    private static String currentUser(DatabaseClient client) {
        return client.sql("SELECT current_user").map((row, meta) -> row.get(0, String.class)).one()
                .block(Duration.ofSeconds(20));
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static boolean serverChecksPasswords(String role) {
        try (Connection ignored = DriverManager.getConnection(db.jdbcUrl(), role, "surely-wrong")) {
            return false;
        } catch (SQLException refused) {
            return true;
        }
    }

    private static String trace(Throwable t) {
        assertThat(t).as("the start-up failed").isNotNull();
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
