package dev.cdn.api.dbtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.api.PlatformApiApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * platform-api against a PostgreSQL that accepts TLS connections only ({@code ssl=on}, {@code hostssl} rules alone
 * in pg_hba.conf), as Amazon RDS does with {@code rds.force_ssl=1}: Flyway's JDBC connection and the R2DBC pool
 * must both use TLS and verify the server's certificate, and must refuse to go on without TLS when it is required.
 */
class DatabaseTlsTest {

    @TempDir
    static Path dir;

    private static SelfSignedCertificate serverCert;
    private static SelfSignedCertificate otherCa;
    private static EmbeddedPostgres tlsOnly;
    private static EmbeddedPostgres plainOnly;

    @BeforeAll
    static void servers() throws Exception {
        serverCert = SelfSignedCertificate.create(dir.resolve("server"), "db");
        otherCa = SelfSignedCertificate.create(dir.resolve("other"), "other");
        tlsOnly = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", "server.crt")
                .setServerConfig("ssl_key_file", "server.key")
                .setDataDirectoryCustomizer(data -> {
                    try {
                        serverCert.installInto(data.toPath());
                        // Only TLS connections may log in, from anywhere (RDS's rds.force_ssl=1).
                        Files.writeString(data.toPath().resolve("pg_hba.conf"),
                                "local all all trust\nhostssl all all 0.0.0.0/0 trust\nhostssl all all ::/0 trust\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
        plainOnly = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (tlsOnly != null) {
            tlsOnly.close();
        }
        if (plainOnly != null) {
            plainOnly.close();
        }
    }

    @Test
    void verifyFull_withTheServersCa_migratesAndServesOverTls() {
        try (var api = start(tlsOnly, "verify-full", serverCert.certificate(), true)) {
            DatabaseClient db = api.getBean(DatabaseClient.class);
            Boolean ssl = db.sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                    .map((row, meta) -> row.get(0, Boolean.class)).one().block(Duration.ofSeconds(10));
            assertThat(ssl).as("the R2DBC connection uses TLS").isTrue();
            Long migrations = db.sql("SELECT count(*) FROM flyway_schema_history WHERE success")
                    .map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10));
            assertThat(migrations).as("Flyway migrated over its JDBC connection").isPositive();
        }
    }

    @Test
    void verifyFull_withAnotherCa_refusesTheServersCertificate_forFlyway() {
        assertThatThrownBy(() -> start(tlsOnly, "verify-full", otherCa.certificate(), true).close())
                .hasStackTraceContaining("PKIX");
    }

    @Test
    void verifyFull_withAnotherCa_refusesTheServersCertificate_forR2dbc() {
        try (var api = start(tlsOnly, "verify-full", otherCa.certificate(), false)) {
            assertThatThrownBy(() -> api.getBean(DatabaseClient.class).sql("SELECT 1").fetch().rowsUpdated()
                    .block(Duration.ofSeconds(10))).hasStackTraceContaining("PKIX");
        }
    }

    @Test
    void require_againstAServerWithoutTls_refusesToConnect_forFlyway() {
        assertThatThrownBy(() -> start(plainOnly, "require", null, true).close())
                .hasStackTraceContaining("does not support SSL");
    }

    @Test
    void require_againstAServerWithoutTls_refusesToConnect_forR2dbc() {
        try (var api = start(plainOnly, "require", null, false)) {
            assertThatThrownBy(() -> api.getBean(DatabaseClient.class).sql("SELECT 1").fetch().rowsUpdated()
                    .block(Duration.ofSeconds(10))).hasStackTraceContaining("SSL");
        }
    }

    @Test
    void verifyFull_withoutACaBundle_isAStartupErrorNamingTheSetting() {
        assertThatThrownBy(() -> start(tlsOnly, "verify-full", null, true).close())
                .hasStackTraceContaining("cdn.db.ssl.root-cert");
    }

    private static ConfigurableApplicationContext start(EmbeddedPostgres pg, String mode, Path rootCert,
            boolean flyway) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres",
                "--spring.r2dbc.username=postgres", "--spring.r2dbc.password=",
                "--spring.r2dbc.pool.initial-size=0",
                "--spring.flyway.url=jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres",
                "--spring.flyway.user=postgres", "--spring.flyway.password=",
                "--spring.flyway.enabled=" + flyway, "--cdn.domains.recheck-enabled=false"));
        if (mode != null) {
            args.add("--cdn.db.ssl.mode=" + mode);
        }
        if (rootCert != null) {
            args.add("--cdn.db.ssl.root-cert=" + rootCert);
        }
        return new SpringApplicationBuilder(PlatformApiApplication.class).run(args.toArray(String[]::new));
    }
}
