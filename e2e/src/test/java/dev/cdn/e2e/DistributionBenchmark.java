package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.PlatformApiApplication;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.testsupport.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures how fast configs and purges reach a fleet: the control plane and 20 edges on this machine, connected
 * through the real control channel. Reports activation-to-all-edges-applied and purge-to-all-edges-applied
 * (seen in the edges) and purge-to-all-edges-acknowledged (seen through the API, and from the stored acks' own
 * time stamps), as p50 / p95 / p99, and the CPU time each purge cost.
 *
 * <p>Purges are measured in steady state: {@code cdn.bench.warmup} purges (default 1000) run first, unmeasured,
 * while the JIT compiles the paths involved; {@code -Dcdn.bench.warmup=0} measures a fresh JVM.
 *
 * <p>Not part of the test suite (it takes one to two minutes and measures, not checks). Run it with
 * {@code mvn -B -o -pl e2e -am verify -Dcdn.bench=true -Dtest=DistributionBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "cdn.bench", matches = "true")
class DistributionBenchmark {

    private static final int EDGES = Integer.getInteger("cdn.bench.edges", 20);
    private static final int PURGES = Integer.getInteger("cdn.bench.purges", 200);
    private static final int ACTIVATIONS = Integer.getInteger("cdn.bench.activations", 30);
    private static final int WARMUP = Integer.getInteger("cdn.bench.warmup", 1000);
    private static final String EDGE_TOKEN = "bench-edge-token";

    @Test
    void configAndPurgeLatencyToTwentyEdges() throws Exception {
        TestDatabase.Database db = TestDatabase.create();
        ConfigurableApplicationContext api = new SpringApplicationBuilder(PlatformApiApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--logging.level.root=WARN",
                "--spring.r2dbc.url=" + db.r2dbcUrl(), "--spring.r2dbc.username=" + db.user(),
                "--spring.r2dbc.password=" + db.password(), "--spring.flyway.url=" + db.jdbcUrl(),
                "--spring.flyway.user=" + db.user(), "--spring.flyway.password=" + db.password(),
                "--cdn.edge.token=" + EDGE_TOKEN, "--cdn.allowed-private-origins=127.0.0.1",
                "--cdn.dev.auto-verify-domains=true",
                "--spring.r2dbc.pool.max-size=" + Integer.getInteger("cdn.bench.pool", 10),
                // The benchmark measures distribution, not the per-tenant API budget.
                "--cdn.api.rate-limit.burst=1000000");
        List<EdgeNode> edges = new ArrayList<>();
        Path state = Files.createTempDirectory("cdn-bench");
        try {
            int apiPort = Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
            URI controlPlane = TestControlPlane.uri(api);
            for (int i = 0; i < EDGES; i++) {
                edges.add(EdgeNode.start(TestEdges.onLoopback("bench-edge-" + i, EdgeRole.EDGE, "bench", controlPlane,
                                EDGE_TOKEN)
                        .stateDir(state.resolve("e" + i)).build()));
            }
            Http http = new Http(apiPort);
            String token = TestTenants.signUp(http, "Bench", "bench@bench.test");
            String service = TestTenants.activeService(http, token, "bench", List.of("bench.localhost"), 9);
            await(() -> edges.stream().allMatch(e -> e.configVersion(service).orElse(0) == 1));

            // Activation: clone, activate, wait until every edge runs the new version.
            double[] activation = new double[ACTIVATIONS];
            for (int i = 0; i < ACTIVATIONS; i++) {
                int next = http.post("/v1/services/" + service + "/versions/" + (i + 1) + "/clone", token, null)
                        .json().get("number").asInt();
                long start = System.nanoTime();
                assertThat(http.post("/v1/services/" + service + "/versions/" + next + "/activate", token, null)
                        .status()).isEqualTo(200);
                await(() -> edges.stream().allMatch(e -> e.configVersion(service).orElse(0) == next));
                activation[i] = (System.nanoTime() - start) / 1e6;
            }

            // Purges: one URL each, one after another. The first WARMUP purges are not measured: they run while
            // the JIT still compiles the paths involved (on two cores, that alone takes most of one).
            for (int i = 0; i < WARMUP; i++) {
                purgeOnce(http, token, service, edges, "http://bench.localhost/warm-up-" + i);
            }
            double[] accepted = new double[PURGES];
            double[] applied = new double[PURGES];
            double[] acknowledged = new double[PURGES];
            double[] lastAck = new double[PURGES];
            CpuMeter cpu = CpuMeter.of(db.jdbcUrl(), db.user(), db.password());
            double jvmBefore = cpu.jvmMillis();
            double pgBefore = cpu.postgresMillis();
            for (int i = 0; i < PURGES; i++) {
                PurgeSample sample = purgeOnce(http, token, service, edges, "http://bench.localhost/object-" + i);
                accepted[i] = sample.accepted();
                applied[i] = sample.applied();
                acknowledged[i] = sample.acknowledged();
                lastAck[i] = sample.lastAck();
            }
            double jvmPerPurge = (cpu.jvmMillis() - jvmBefore) / PURGES;
            double pgPerPurge = (cpu.postgresMillis() - pgBefore) / PURGES;

            String report = String.format("""
                    edges=%d activations=%d purges=%d (after %d unmeasured)
                    activation -> all edges applied (ms):      %s
                    purge      -> API answered 202 (ms):       %s
                    purge      -> all edges applied (ms):      %s
                    purge      -> all edges acknowledged (ms): %s
                    purge      -> last ack stored (ms):        %s
                    CPU per measured purge (ms): this JVM (platform-api, %d edges, benchmark) %.1f, PostgreSQL %.1f
                    """, EDGES, ACTIVATIONS, PURGES, WARMUP, percentiles(activation), percentiles(accepted),
                    percentiles(applied), percentiles(acknowledged), percentiles(lastAck), EDGES, jvmPerPurge,
                    pgPerPurge);
            System.out.println(report);
            Path out = Path.of("target", "bench");
            Files.createDirectories(out);
            Files.writeString(out.resolve("distribution.txt"), report);
        } finally {
            edges.forEach(EdgeNode::close);
            api.close();
        }
    }

    /** Milliseconds from just before the purge request to each condition. */
    private record PurgeSample(double accepted, double applied, double acknowledged, double lastAck) {
    }

    /**
     * Purges one URL; waits until every edge applied it, then until {@code GET /v1/purges/{id}} reports every
     * edge's ack stored, polling back to back. That last figure also holds the polling: the poll that sees the last
     * ack began after it was stored, up to one round trip late. So the purge's {@code completedAt} is reported
     * too: the time stamp PostgreSQL gave the last ack's row when it was written, in the transaction that stored
     * it (on this machine's clock, which the benchmark shares).
     */
    private static PurgeSample purgeOnce(Http http, String token, String service, List<EdgeNode> edges, String url) {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Http.Response purge = http.post("/v1/services/" + service + "/purge", token, Map.of("urls", List.of(url)));
        assertThat(purge.status()).isEqualTo(202);
        double accepted = (System.nanoTime() - start) / 1e6;
        long seq = purge.json().get("seq").asLong();
        String id = purge.json().get("id").asString();
        await(() -> edges.stream().allMatch(e -> e.appliedSeq() >= seq));
        double applied = (System.nanoTime() - start) / 1e6;
        AtomicReference<String> completedAt = new AtomicReference<>();
        await(() -> {
            var status = http.get("/v1/purges/" + id, token).json();
            completedAt.set(status.path("completedAt").asString(null));
            return "complete".equals(status.get("status").asString());
        });
        double acknowledged = (System.nanoTime() - start) / 1e6;
        double lastAck = Duration.between(startedAt, Instant.parse(completedAt.get())).toNanos() / 1e6;
        return new PurgeSample(accepted, applied, acknowledged, lastAck);
    }

    private static String percentiles(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        return String.format("p50 %.1f  p95 %.1f  p99 %.1f  max %.1f", at(s, 0.50), at(s, 0.95), at(s, 0.99),
                s[s.length - 1]);
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Spins briefly between checks: the quantity measured is milliseconds, so a 1 ms sleep would distort it. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 30 s");
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }
}
