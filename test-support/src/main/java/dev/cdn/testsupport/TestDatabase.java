package dev.cdn.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Hands each test class a fresh, empty PostgreSQL database on a real server, so tests run in any order.
 *
 * <p>The server is chosen once per JVM, in this order: a Testcontainers PostgreSQL when a Docker engine is
 * available; else the server named by {@code CDN_TEST_DB_URL} ({@code postgresql://user:password@host:port/db});
 * else an embedded PostgreSQL started from a Maven artifact. If none can be had, {@link #create()} throws with
 * every reason: a database test fails loudly, it is never skipped. On a {@code CDN_TEST_DB_URL} server, databases
 * that earlier runs left behind are dropped once they are hours old ({@link StaleTestDatabases}).
 */
public final class TestDatabase {

    /** Connection facts of one database. */
    public record Database(String host, int port, String name, String user, String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
        }

        /** The libpq-style URL that {@code CDN_DB_URL} takes. */
        public String url() {
            return "postgresql://" + user + (password.isEmpty() ? "" : ":" + password) + "@" + host + ":" + port + "/" + name;
        }
    }

    private static Database server;
    private static String serverKind;

    private TestDatabase() {
    }

    /** Creates a new empty database on the shared test server. */
    public static synchronized Database create() {
        Database admin = server();
        String name = StaleTestDatabases.newName(Instant.now(), UUID.randomUUID().toString().substring(0, 8));
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on the " + serverKind + " PostgreSQL at "
                    + admin.host() + ":" + admin.port() + ": " + e.getMessage(), e);
        }
        return new Database(admin.host(), admin.port(), name, admin.user(), admin.password());
    }

    /** Which kind of server the tests use: "testcontainers", "CDN_TEST_DB_URL" or "embedded". */
    public static synchronized String serverKind() {
        server();
        return serverKind;
    }

    private static Database server() {
        if (server != null) {
            return server;
        }
        List<String> reasons = new ArrayList<>();
        try {
            server = Containers.start();
            serverKind = "testcontainers";
            return server;
        } catch (Throwable e) {
            reasons.add("Testcontainers: " + e.getMessage());
        }
        String url = System.getenv("CDN_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            try {
                server = parse(url);
                try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
                    serverKind = "CDN_TEST_DB_URL";
                    // Only a long-lived server collects leftovers; containers and embedded servers start empty.
                    StaleTestDatabases.sweep(admin, Instant.now());
                    return server;
                }
            } catch (Exception e) {
                server = null;
                reasons.add("CDN_TEST_DB_URL (" + redact(url) + "): " + e.getMessage());
            }
        } else {
            reasons.add("CDN_TEST_DB_URL: not set");
        }
        try {
            server = Embedded.start();
            serverKind = "embedded";
            return server;
        } catch (Throwable e) {
            reasons.add("embedded PostgreSQL: " + e);
        }
        throw new IllegalStateException("No PostgreSQL server for the tests; tried, in order:\n  - "
                + String.join("\n  - ", reasons));
    }

    /** Parses {@code postgresql://user:password@host:port/db} (also {@code postgres://}). */
    public static Database parse(String url) {
        URI uri = URI.create(url.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException("expected postgresql://user:password@host:port/database");
        }
        String userInfo = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String password = colon < 0 ? "" : userInfo.substring(colon + 1);
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new Database(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db, user, password);
    }

    private static String redact(String url) {
        return url.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
    }

    /** Kept in its own class so Testcontainers is only loaded when tried. */
    private static final class Containers {
        static Database start() {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("no Docker engine available");
            }
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Database(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
                    container.getUsername(), container.getPassword());
        }
    }

    /** Kept in its own class so the embedded server is only loaded when tried. */
    private static final class Embedded {
        static Database start() throws java.io.IOException {
            var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (java.io.IOException ignored) {
                    // the JVM is exiting; the server's folder is temporary
                }
            }));
            return new Database("127.0.0.1", pg.getPort(), "postgres", "postgres", "");
        }
    }
}
