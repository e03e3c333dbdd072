package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import java.net.URI;
import dev.cdn.testsupport.ScratchDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * Edges with a disk tier meeting faults, end to end on real sockets against platform-api on PostgreSQL and an
 * origin: an edge that served its disk unverified while the control plane was away reports that time once it is
 * back; an edge process killed with SIGKILL and purged while down serves no purged byte after its restart.
 */
@Tag("fault")
class EdgeFaultEndToEndTest {

    private static final String EDGE_TOKEN = "e2e-edge-token";
    private static final String OPERATOR_TOKEN = "e2e-operator-token";

    /** The version of each path's body; a test bumps it before purging, so an old body is told from a new one. */
    private static final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
    private static DisposableServer origin;
    private static ConfigurableApplicationContext api;
    private static int apiPort;
    private static Http http;
    private static Path scratch;

    @BeforeAll
    static void startPlatform() {
        scratch = ScratchDirs.create("cdn-e2e-faults");
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.header("Cache-Control", "public, max-age=300")
                        .header("Content-Type", "text/plain")
                        .sendString(Mono.just("v" + versions.computeIfAbsent(req.uri(), p -> new AtomicInteger(1)).get()
                                + " of " + req.uri())))
                .bindNow();
        api = TestControlPlane.start(EDGE_TOKEN, OPERATOR_TOKEN);
        apiPort = TestControlPlane.port(api);
        http = new Http(apiPort);
    }

    @AfterAll
    static void stopPlatform() {
        if (api != null) {
            api.close();
        }
        if (origin != null) {
            origin.disposeNow();
        }
        ScratchDirs.deleteQuietly(scratch);
    }

    @Test
    void edgeThatServedItsDiskUnverified_reportsThatTimeToTheControlPlane_whenItIsBack() throws Exception {
        String token = TestTenants.signUp(http, "unverified@shop.test");
        String host = "unverified.e2e.localhost";
        String id = TestTenants.activeService(http, token, "unverified", List.of(host), origin.port());
        Path dir = Files.createTempDirectory(scratch, "unverified");
        ShiftedClock clock = new ShiftedClock();
        try (TcpGate controlPlane = new TcpGate(apiPort)) {
            controlPlane.open();
            EdgeSettings settings = TestEdges.onLoopback("edge-unverified", EdgeRole.EDGE, "test",
                            URI.create("http://127.0.0.1:" + controlPlane.port()), EDGE_TOKEN)
                    .maxBackoff(Duration.ofMillis(300)).clock(clock)
                    .stateDir(dir.resolve("state")).diskDir(dir.resolve("disk")).diskBytes(64L * 1024 * 1024).build();
            try (EdgeNode first = EdgeNode.start(settings)) {
                await("the edge runs the service", () -> first.configVersion(id).orElse(0) == 1);
                assertThat(http.viaEdge(first.port(), host, "/doc").header("X-Cache")).isEqualTo("MISS");
                await("the object is written to disk", () -> AdminMetrics.value(first.adminPort(), "admin", "edge_disk_bytes") > 0);
            }

            controlPlane.shut();
            try (EdgeNode second = EdgeNode.start(settings)) {
                clock.advance(Duration.ofSeconds(11)); // past the 10 s fail-static timeout, the control plane away
                Http.Response unverified = http.viaEdge(second.port(), host, "/doc");
                assertThat(unverified.header("Cache-Status")).as("%s", unverified.headers())
                        .contains("detail=disk-unverified");
                assertThat(diskUnverified("edge-unverified")).as("nothing reported while away").isNull();

                controlPlane.open();
                await("the edge reports the time it served its disk unverified",
                        () -> diskUnverified("edge-unverified") != null);
                JsonNode report = diskUnverified("edge-unverified");
                Instant since = Instant.parse(report.path("since").asString());
                Instant until = Instant.parse(report.path("until").asString());
                assertThat(until).isAfter(since);
                assertThat(report.path("seconds").asDouble()).isPositive();
                assertThat(report.path("hits").asLong()).isEqualTo(1);
            }
        }
        decommission("edge-unverified");
    }

    @Test
    void edgeKilledWithSigkill_purgedWhileDown_servesNoPurgedByteAfterItsRestart() throws Exception {
        String token = TestTenants.signUp(http, "killed@shop.test");
        String host = "killed.e2e.localhost";
        String id = TestTenants.activeService(http, token, "killed", List.of(host), origin.port());
        Path dir = Files.createTempDirectory(scratch, "killed");
        List<String> flags = List.of("--node-id", "edge-killed", "--role", "edge", "--pop", "test",
                "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                "--control-plane", "http://127.0.0.1:" + apiPort, "--memory", "32", "--disk", "64",
                "--state-dir", dir.resolve("state").toString(), "--disk-dir", dir.resolve("disk").toString());
        Map<String, String> env = Map.of("CDN_EDGE_TOKEN", EDGE_TOKEN, "CDN_ADMIN_TOKEN", "admin",
                "CDN_ALLOWED_PRIVATE_ORIGINS", "127.0.0.1");
        Path log = dir.resolve("edge.log");

        EdgeProcess first = EdgeProcess.start(flags, env, log);
        try {
            await("the edge process serves the service", () -> http.viaEdge(first.port(), host, "/doc").status() == 200);
            assertThat(http.viaEdge(first.port(), host, "/doc").body()).isEqualTo("v1 of /doc");
            await("the object is written to disk",
                    () -> AdminMetrics.value(first.adminPort(), "admin", "edge_disk_bytes") > 0);
        } finally {
            first.kill9();
        }

        versions.get("/doc").incrementAndGet(); // the origin now serves v2; the edge's disk still holds v1
        Http.Response purge = http.post("/v1/services/" + id + "/purge", token,
                Map.of("urls", List.of("http://" + host + "/doc")));
        assertThat(purge.status()).isEqualTo(202);
        String purgeId = purge.json().get("id").asString();
        await("the purge is partial while the killed edge is down",
                () -> "partial".equals(http.get("/v1/purges/" + purgeId, token).json().get("status").asString()));

        try (EdgeProcess second = EdgeProcess.start(flags, env, log)) {
            // From the first request after the listener binds until the purge is complete, and after: never v1.
            int served = 0;
            boolean complete = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!complete || served < 20) {
                assertThat(System.nanoTime()).as("the purge completes within 30 s of the restart").isLessThan(deadline);
                Http.Response r = http.viaEdge(second.port(), host, "/doc");
                assertThat(r.body()).as("response %d after the restart: %s %s", served, r.status(), r.headers())
                        .doesNotContain("v1 of /doc");
                served++;
                complete = complete
                        || "complete".equals(http.get("/v1/purges/" + purgeId, token).json().get("status").asString());
            }
            assertThat(http.viaEdge(second.port(), host, "/doc").body()).isEqualTo("v2 of /doc");
        }
        decommission("edge-killed");
    }

    /** What {@code GET /v1/edges} says of the node's unverified disk time; null when nothing is reported. */
    private static JsonNode diskUnverified(String nodeId) {
        for (JsonNode node : http.get("/v1/edges", OPERATOR_TOKEN).json().path("items")) {
            if (nodeId.equals(node.path("nodeId").asString()) && node.path("diskUnverified").isObject()) {
                return node.path("diskUnverified");
            }
        }
        return null;
    }

    /** Takes a node that is gone for good out of the fleet, so the other test's purges do not wait for it. */
    private static void decommission(String nodeId) {
        assertThat(http.delete("/v1/edges/" + nodeId, OPERATOR_TOKEN).status()).isEqualTo(204);
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), () -> "", condition);
    }

    /** The system clock moved forward by what the test says, so a timeout passes without waiting for it. */
    static final class ShiftedClock extends Clock {

        private final AtomicLong shiftMillis = new AtomicLong();

        void advance(Duration by) {
            shiftMillis.addAndGet(by.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(shiftMillis.get());
        }
    }
}
