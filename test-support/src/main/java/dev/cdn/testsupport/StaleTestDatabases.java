package dev.cdn.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names test databases with the second they were made in, and drops the ones a long-gone run left behind on a shared
 * server. Without it a developer's PostgreSQL gathers thousands of databases, and a server stopped uncleanly then
 * spends minutes syncing them before it accepts a connection again.
 */
final class StaleTestDatabases {

    static final String PREFIX = "cdn_test_";
    /** Older than any test run, so a suite running beside this one never loses its database. */
    static final Duration MAX_AGE = Duration.ofHours(3);
    /** A sweep never delays a test class by more than this; what is left waits for the next JVM. */
    static final Duration BUDGET = Duration.ofSeconds(20);

    private static final Pattern STAMPED = Pattern.compile(PREFIX + "(\\d{10})_[0-9a-f]{8}");
    /** The form used before names carried a time: its age is unknown, so any that is left is stale. */
    private static final Pattern UNSTAMPED = Pattern.compile(PREFIX + "[0-9a-f]{16}");

    private StaleTestDatabases() {
    }

    static String newName(Instant now, String random8Hex) {
        return PREFIX + now.getEpochSecond() + "_" + random8Hex;
    }

    static boolean isStale(String name, Instant now) {
        if (UNSTAMPED.matcher(name).matches()) {
            return true;
        }
        Matcher m = STAMPED.matcher(name);
        return m.matches() && Instant.ofEpochSecond(Long.parseLong(m.group(1))).isBefore(now.minus(MAX_AGE));
    }

    /** Drops stale test databases, oldest first, within {@link #BUDGET}; returns how many were dropped. */
    static int sweep(Connection admin, Instant now) throws SQLException {
        List<String> stale = new ArrayList<>();
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'cdn\\_test\\_%' "
                     + "ORDER BY datname")) {
            while (rs.next()) {
                if (isStale(rs.getString(1), now)) {
                    stale.add(rs.getString(1));
                }
            }
        }
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int dropped = 0;
        for (String name : stale) {
            if (System.nanoTime() > deadline) {
                break;
            }
            try (Statement st = admin.createStatement()) {
                // The name matched one of our two patterns, so it is a plain identifier.
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                dropped++;
            } catch (SQLException e) {
                // Another JVM dropped it first, or lacks the right: either way not this test's concern.
            }
        }
        return dropped;
    }
}
