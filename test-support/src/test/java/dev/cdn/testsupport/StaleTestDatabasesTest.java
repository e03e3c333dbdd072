package dev.cdn.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StaleTestDatabasesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void names_carryTheirSecond_andOnlyOldOrUnstampedOnesAreStale() {
        String fresh = StaleTestDatabases.newName(NOW.minus(Duration.ofMinutes(50)), "0a1b2c3d");
        String old = StaleTestDatabases.newName(NOW.minus(Duration.ofHours(4)), "0a1b2c3d");

        assertThat(fresh).matches("cdn_test_\\d{10}_0a1b2c3d");
        assertThat(StaleTestDatabases.isStale(fresh, NOW)).isFalse();
        assertThat(StaleTestDatabases.isStale(old, NOW)).isTrue();
        assertThat(StaleTestDatabases.isStale("cdn_test_cdad686930844186", NOW)).as("the unstamped old form").isTrue();
        assertThat(StaleTestDatabases.isStale("cdn_test_production", NOW)).as("anything else is left alone").isFalse();
        assertThat(StaleTestDatabases.isStale("postgres", NOW)).isFalse();
    }

    @Test
    void sweep_dropsOnlyStaleDatabases_onARealServer() throws Exception {
        TestDatabase.Database any = TestDatabase.create();
        Instant now = Instant.now();
        String stale = StaleTestDatabases.newName(now.minus(Duration.ofHours(5)), "5ca1ab1e");
        String fresh = StaleTestDatabases.newName(now.minus(Duration.ofMinutes(1)), "5ca1ab1e");
        try (Connection admin = DriverManager.getConnection(any.jdbcUrl(), any.user(), any.password());
             Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + stale);
            st.execute("CREATE DATABASE " + fresh);

            assertThat(StaleTestDatabases.sweep(admin, now)).isPositive();

            assertThat(exists(st, stale)).as("the stale one is gone").isFalse();
            assertThat(exists(st, fresh)).as("a running suite's database stays").isTrue();
            assertThat(exists(st, any.name())).as("this JVM's own database stays").isTrue();
            st.execute("DROP DATABASE " + fresh);
        }
    }

    private static boolean exists(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
