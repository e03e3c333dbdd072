package dev.cdn.api.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.PlatformApiApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * platform-api with writes in flight while its PostgreSQL server is stopped and started again (a server of the
 * test's own, on the same data folder and port): no write acknowledged with a 2xx is lost, a write answered 503
 * during the outage is stored whole or not at all, and the API answers normally again within a bound, by itself,
 * without a restart.
 */
@Tag("fault")
class DatabaseRecoveryTest {

    /** Writers: enough to have writes in flight at every moment of the stop. */
    private static final int WRITERS = 4;
    /** How long the API may take to answer normally once PostgreSQL accepts connections again. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

    /** What one write got: its HTTP status, or -1 when no answer came (then {@code error} says why). */
    private record Outcome(int status, String error, boolean issuedAfterRestart) {
    }

    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicBoolean restarted = new AtomicBoolean();
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ExecutorService writers;
    private EmbeddedPostgres pg;
    private ConfigurableApplicationContext api;
    private String base;
    private String token;
    private Path data;

    @AfterEach
    void stop() throws Exception {
        writing.set(false);
        if (writers != null) {
            writers.shutdownNow();
            writers.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (api != null) {
            api.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (data != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(data);
        }
    }

    @Test
    void databaseStoppedUnderWrites_andStartedAgain_losesNoAcknowledgedWrite_storesNothingHalf_andTheApiRecoversByItself()
            throws Exception {
        data = Files.createTempDirectory("cdn-db-recovery");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        pg = startPostgres(data, port);
        String jdbc = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        api = new SpringApplicationBuilder(PlatformApiApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + port + "/postgres",
                "--spring.r2dbc.username=postgres", "--spring.r2dbc.password=",
                "--spring.flyway.url=" + jdbc, "--spring.flyway.user=postgres", "--spring.flyway.password=",
                "--cdn.edge.token=" + ApiTestBase.EDGE_TOKEN, "--cdn.allowed-private-origins=127.0.0.1",
                "--cdn.dev.auto-verify-domains=true", "--cdn.domains.recheck-enabled=false",
                // The writers are one tenant writing as fast as they can; the rate limit has tests of its own.
                "--cdn.api.rate-limit.burst=1000000", "--cdn.api.rate-limit.per-second=1000000");
        base = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
        assertThat(send("POST", "/v1/signup", null, """
                {"tenantName":"Recovery","email":"r@recovery.test","password":"recovery password"}""").statusCode())
                .isEqualTo(201);
        HttpResponse<String> session = send("POST", "/v1/sessions", null, """
                {"email":"r@recovery.test","password":"recovery password"}""");
        token = session.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

        writers = Executors.newFixedThreadPool(WRITERS);
        for (int i = 0; i < WRITERS; i++) {
            writers.submit(this::writeUntilStopped);
        }
        await("20 writes acknowledged before the stop", Duration.ofSeconds(60), () -> count(201, false) >= 20);

        pg.close(); // the server goes away with writes in flight (fast shutdown: sessions are ended)
        await("writes answered 503 while the database is down", Duration.ofSeconds(30),
                () -> count(503, false) >= 5);

        pg = startPostgres(data, port);
        long restartedAt = System.nanoTime();
        restarted.set(true);
        await("a write acknowledged after the restart", RECOVERY_BOUND, () -> count(201, true) >= 1);
        Duration recovery = Duration.ofNanos(System.nanoTime() - restartedAt);
        // Answering normally means every request, not one that happened to get a good connection.
        int before = count(201, true);
        await("40 more writes acknowledged after the restart", Duration.ofSeconds(30), () -> count(201, true) >= before + 40);
        writing.set(false);
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Map<String, Outcome> issuedAfterRecovery = new TreeMap<>();
        outcomes.forEach((name, o) -> {
            if (o.issuedAfterRestart() && o.status() != 201) {
                issuedAfterRecovery.put(name, o);
            }
        });
        Map<String, Outcome> unexpected = new TreeMap<>();
        outcomes.forEach((name, o) -> {
            if (o.status() != 201 && o.status() != 503) {
                unexpected.put(name, o);
            }
        });
        assertThat(unexpected).as("every write is acknowledged (201) or refused as unavailable (503)").isEmpty();

        Map<String, Stored> stored = stored();
        List<String> lost = new ArrayList<>();
        List<String> half = new ArrayList<>();
        int refusedAndAbsent = 0;
        for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
            Stored s = stored.get(e.getKey());
            boolean whole = s != null && s.whole();
            if (s != null && !whole) {
                half.add(e.getKey() + " " + s);
            }
            if (e.getValue().status() == 201 && !whole) {
                lost.add(e.getKey());
            }
            if (e.getValue().status() == 503 && s == null) {
                refusedAndAbsent++;
            }
        }
        System.out.printf("database recovery: %d writes, %d acknowledged, %d answered 503 (%d of them stored nothing),"
                        + " first write acknowledged %d ms after PostgreSQL was back, %d writes issued after the restart"
                        + " not acknowledged%n", outcomes.size(), count(201, false) + count(201, true),
                count(503, false) + count(503, true), refusedAndAbsent, recovery.toMillis(), issuedAfterRecovery.size());
        assertThat(lost).as("acknowledged writes missing after the restart").isEmpty();
        assertThat(half).as("writes stored in part (service, draft version, domain and audit row go together)").isEmpty();
        assertThat(recovery).isLessThan(RECOVERY_BOUND);
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v1/services", token, null).statusCode()).isEqualTo(200);
    }

    private void writeUntilStopped() {
        while (writing.get()) {
            String name = "w-" + sequence.incrementAndGet();
            boolean afterRestart = restarted.get();
            try {
                HttpResponse<String> r = send("POST", "/v1/services", token, """
                        {"name":"%s","domains":["%s.recovery.localhost"],"origins":[{"host":"127.0.0.1","port":8081}]}"""
                        .formatted(name, name));
                outcomes.put(name, new Outcome(r.statusCode(), r.statusCode() == 201 ? null : r.body(), afterRestart));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                outcomes.put(name, new Outcome(-1, e.toString(), afterRestart));
            }
        }
    }

    private int count(int status, boolean issuedAfterRestart) {
        return (int) outcomes.values().stream()
                .filter(o -> o.status() == status && o.issuedAfterRestart() == issuedAfterRestart).count();
    }

    /** What the database holds of one created service: each part the creation writes in its transaction. */
    private record Stored(int versions, int domains, int auditRows) {
        boolean whole() {
            return versions == 1 && domains == 1 && auditRows == 1;
        }
    }

    private Map<String, Stored> stored() throws Exception {
        Map<String, Stored> stored = new TreeMap<>();
        try (Connection c = pg.getPostgresDatabase().getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT s.name,
                            (SELECT count(*) FROM service_versions v WHERE v.service_id = s.id) AS versions,
                            (SELECT count(*) FROM domains d WHERE d.service_id = s.id) AS domains,
                            (SELECT count(*) FROM audit_log a WHERE a.action = 'service.create'
                                AND a.target_id = s.id::text) AS audit_rows
                     FROM services s WHERE s.name LIKE 'w-%'""");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                stored.put(rs.getString("name"), new Stored(rs.getInt("versions"), rs.getInt("domains"),
                        rs.getInt("audit_rows")));
            }
        }
        return stored;
    }

    private HttpResponse<String> send(String method, String path, String bearer, String json) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            r.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            r.header("Authorization", "Bearer " + bearer);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    /** Waits for a condition the test's own traffic brings about; fails naming it when the bound passes. */
    private static void await(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, bound).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
