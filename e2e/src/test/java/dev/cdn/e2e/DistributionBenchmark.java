package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.PlatformApiApplication;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.EdgeRole;
import dev.cdn.edge.EdgeSettings;
import dev.cdn.testsupport.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures how fast configs and purges reach a fleet: the control plane and 20 edges on this machine, connected
 * through the real control channel. Reports activation-to-all-edges-applied and purge-to-all-edges-applied
 * (seen in the edges) and purge-to-all-edges-acknowledged (seen through the API), as p50 / p95 / p99.
 *
 * <p>Not part of the test suite (it takes a minute and measures, not checks). Run it with
 * {@code mvn -B -pl e2e -am verify -Dcdn.bench=true -Dtest=DistributionBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "cdn.bench", matches = "true")
class DistributionBenchmark {

    private static final int EDGES = Integer.getInteger("cdn.bench.edges", 20);
    private static final int PURGES = Integer.getInteger("cdn.bench.purges", 200);
    private static final int ACTIVATIONS = Integer.getInteger("cdn.bench.activations", 30);
    private static final String EDGE_TOKEN = "bench-edge-token";

    @Test
    void configAndPurgeLatencyToTwentyEdges() throws Exception {
        TestDatabase.Database db = TestDatabase.create();
        ConfigurableApplicationContext api = new SpringApplicationBuilder(PlatformApiApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--logging.level.root=WARN",
                "--spring.r2dbc.url=" + db.r2dbcUrl(), "--spring.r2dbc.username=" + db.user(),
                "--spring.r2dbc.password=" + db.password(), "--spring.flyway.url=" + db.jdbcUrl(),
                "--spring.flyway.user=" + db.user(), "--spring.flyway.password=" + db.password(),
                "--cdn.edge.token=" + EDGE_TOKEN, "--cdn.origins.allow-private-addresses=true",
                "--spring.r2dbc.pool.max-size=" + Integer.getInteger("cdn.bench.pool", 10));
        List<EdgeNode> edges = new ArrayList<>();
        Path state = Files.createTempDirectory("cdn-bench");
        try {
            int apiPort = Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
            URI controlPlane = URI.create("http://127.0.0.1:" + apiPort);
            for (int i = 0; i < EDGES; i++) {
                edges.add(EdgeNode.start(EdgeSettings.builder().nodeId("bench-edge-" + i).role(EdgeRole.EDGE)
                        .pop("bench").listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("admin")
                        .controlPlane(controlPlane, EDGE_TOKEN).stateDir(state.resolve("e" + i)).build()));
            }
            Http http = new Http(apiPort);
            http.post("/v1/signup", null, Map.of("tenantName", "Bench", "email", "bench@bench.test",
                    "password", "bench password!"));
            String token = http.post("/v1/sessions", null, Map.of("email", "bench@bench.test",
                    "password", "bench password!")).json().get("token").asString();
            String service = http.post("/v1/services", token, Map.of("name", "bench",
                    "domains", List.of("bench.test"), "origins", List.of(Map.of("host", "127.0.0.1", "port", 9))))
                    .json().get("id").asString();
            assertThat(http.post("/v1/services/" + service + "/versions/1/activate", token, null).status()).isEqualTo(200);
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

            // Purges: one URL each; applied = every edge's applied sequence has passed the purge's.
            double[] accepted = new double[PURGES];
            double[] applied = new double[PURGES];
            double[] acknowledged = new double[PURGES];
            for (int i = 0; i < PURGES; i++) {
                long start = System.nanoTime();
                Http.Response purge = http.post("/v1/services/" + service + "/purge", token,
                        Map.of("urls", List.of("http://bench.test/object-" + i)));
                assertThat(purge.status()).isEqualTo(202);
                accepted[i] = (System.nanoTime() - start) / 1e6;
                long seq = purge.json().get("seq").asLong();
                String id = purge.json().get("id").asString();
                await(() -> edges.stream().allMatch(e -> e.appliedSeq() >= seq));
                applied[i] = (System.nanoTime() - start) / 1e6;
                await(() -> "complete".equals(http.get("/v1/purges/" + id, token).json().get("status").asString()));
                acknowledged[i] = (System.nanoTime() - start) / 1e6;
            }

            String report = String.format("""
                    edges=%d activations=%d purges=%d
                    activation -> all edges applied (ms):      %s
                    purge      -> API answered 202 (ms):       %s
                    purge      -> all edges applied (ms):      %s
                    purge      -> all edges acknowledged (ms): %s
                    """, EDGES, ACTIVATIONS, PURGES, percentiles(activation), percentiles(accepted), percentiles(applied),
                    percentiles(acknowledged));
            System.out.println(report);
            Path out = Path.of("target", "bench");
            Files.createDirectories(out);
            Files.writeString(out.resolve("distribution.txt"), report);
        } finally {
            edges.forEach(EdgeNode::close);
            api.close();
        }
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
