package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdn.testsupport.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The database login given apart from the URL ({@code cdn.db.username} / {@code cdn.db.password}, environment
 * {@code CDN_DB_USERNAME} / {@code CDN_DB_PASSWORD}), as a secret store injects it (Amazon RDS keeps a managed master
 * password as JSON keys of its secret): it overrides what the URL holds for both the R2DBC pool and Flyway, against a
 * real PostgreSQL, and a refused login stops the start-up with an error naming the setting, never the password.
 */
class DatabaseCredentialsTest {

    private static TestDatabase.Database db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create();
    }

    @Test
    void urlWithoutCredentials_plusUsernameAndPasswordSettings_migratesAndQueriesAsThatUser() {
        try (var api = start(db.user(), db.password())) {
            DatabaseClient client = api.getBean(DatabaseClient.class);
            String user = client.sql("SELECT current_user").map((row, meta) -> row.get(0, String.class)).one()
                    .block(Duration.ofSeconds(10));
            assertThat(user).as("the R2DBC pool logs in with cdn.db.username").isEqualTo(db.user());
            Long migrations = client.sql("SELECT count(*) FROM flyway_schema_history WHERE success")
                    .map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10));
            assertThat(migrations).as("Flyway migrated with the same login").isPositive();
        }
    }

    @Test
    void unknownLogin_isAStartupErrorNamingTheSetting_withoutThePassword() {
        // A role that does not exist is refused whatever pg_hba.conf says, even under "trust" (an embedded
        // PostgreSQL's default), so this runs on every test server.
        String wrong = "Wrong-Password-7f3a9c";
        Throwable failure = catchThrowable(() -> start("cdn_no_such_login_" + System.nanoTime(), wrong).close());

        assertRefusedNamingTheSettings(failure, wrong);
    }

    @Test
    void wrongPassword_isAStartupErrorNamingTheSetting_withoutThePassword() {
        String wrong = "Wrong-Password-7f3a9c";
        assumeTrue(serverChecksPasswords(wrong),
                "the test server accepts any password for " + db.user() + " (pg_hba.conf \"trust\")");
        Throwable failure = catchThrowable(() -> start(db.user(), wrong).close());

        assertRefusedNamingTheSettings(failure, wrong);
    }

    private static void assertRefusedNamingTheSettings(Throwable failure, String password) {
        assertThat(failure).as("a refused login stops the start-up").isNotNull();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).contains("cdn.db.password").contains("CDN_DB_PASSWORD")
                .doesNotContain(password);
    }

    /** Whether the server refuses a wrong password at all: one under "trust" authentication logs anyone in. */
    private static boolean serverChecksPasswords(String wrong) {
        String url = "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name();
        try (Connection ignored = DriverManager.getConnection(url, db.user(), wrong)) {
            return false;
        } catch (SQLException refused) {
            return true;
        }
    }

    /** platform-api given what CDN_DB_URL without credentials gives, plus the two settings. */
    private static ConfigurableApplicationContext start(String username, String password) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.r2dbc.pool.initial-size=0", "--cdn.domains.recheck-enabled=false",
                "--cdn.db.username=" + username, "--cdn.db.password=" + password));
        PlatformApiApplication.databaseDefaults("postgresql://" + db.host() + ":" + db.port() + "/" + db.name())
                .forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(PlatformApiApplication.class).run(args.toArray(String[]::new));
    }
}
