package dev.cdn.devtools;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.CountDownLatch;

/**
 * A real PostgreSQL server for local use, started from a Maven artifact, with its data in a folder that survives
 * restarts. Stops the server when the JVM is asked to stop (SIGTERM / Ctrl-C).
 */
final class DevPostgres {

    static final String DATABASE = "cdn";

    private DevPostgres() {
    }

    static void run(Flags flags) throws Exception {
        Path data = Path.of(flags.require("data")).toAbsolutePath();
        int port = flags.port("port");
        Files.createDirectories(data.getParent());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!rs.next()) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("READY postgresql://postgres@127.0.0.1:" + port + "/" + DATABASE + " (data in " + data + ")");
        System.out.flush();
        stopped.await();
    }
}
