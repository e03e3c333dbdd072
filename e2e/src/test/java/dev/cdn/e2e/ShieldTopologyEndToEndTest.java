package dev.cdn.e2e;

import static dev.cdn.e2e.EndToEndPlatform.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.testsupport.ScratchDirs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shield topology pushed by the control plane (docs/routing.md, "Topology"), on real sockets: a control plane on
 * PostgreSQL, two shields and an edge. The edge starts on its flags' topology (shield A); the operator's
 * {@code PUT /v1/topology} moves its misses to shield B with no 5xx while misses keep coming; the edge acknowledges
 * the version; restarted with the control plane gone, it routes by the topology it persisted (fail static).
 */
@Tag("fault")
class ShieldTopologyEndToEndTest {

    private static final String EDGE_TOKEN = "topology-edge-token";
    private static final String OPERATOR = "topology-operator-token";
    private static final String ADMIN = TestEdges.ADMIN_TOKEN;
    private static final String DOMAIN = "topology.localhost";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private EdgeNode node(String id, EdgeRole role, String pop, URI controlPlane, Path state, URI shield) {
        EdgeSettingsBuilder b = TestEdges.onLoopback(id, role, pop, controlPlane, EDGE_TOKEN).stateDir(state)
                // A restarted edge without its control plane has no fleet credential to show (it is not persisted):
                // this test is about routing, so the shields take the edge's requests without one.
                .fleetTrust(false);
        if (shield != null) {
            b.shield(shield);
        }
        EdgeNode n = EdgeNode.start(b.build());
        closing.add(n::close);
        return n;
    }

    /** The node id of the shield that served a miss: the first (origin-most) entry of Cache-Status. */
    private static String servedBy(Http.Response r) {
        String cs = r.header("Cache-Status");
        return cs == null ? "none" : cs.substring(0, cs.indexOf(';')).trim();
    }

    private static JsonNode admin(EdgeNode node, String path) {
        String body = HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + ADMIN))
                .get().uri("http://127.0.0.1:" + node.adminPort() + path)
                .responseSingle((res, b) -> b.asString()).block(Duration.ofSeconds(10));
        return JsonMapper.shared().readTree(body);
    }

    @Test
    void pushedTopology_movesTheEdgesMisses_withNo5xx_andSurvivesARestartWithoutTheControlPlane() throws Exception {
        AtomicInteger originRequests = new AtomicInteger();
        DisposableServer origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    originRequests.incrementAndGet();
                    return res.header("Cache-Control", "public, max-age=300").sendString(Mono.just("origin " + req.uri()));
                }).bindNow();
        closing.add(origin::disposeNow);
        ConfigurableApplicationContext api = TestControlPlane.start(EDGE_TOKEN, OPERATOR);
        closing.add(api::close);
        int apiPort = TestControlPlane.port(api);
        // The nodes reach the control plane through a gate, so that it can go away without stopping the JVM's
        // shared event loops (closing the Spring context would dispose them under the nodes too).
        TcpGate gate = new TcpGate(apiPort);
        gate.open();
        closing.add(gate::close);
        URI cp = URI.create("http://127.0.0.1:" + gate.port());
        Path state = ScratchDirs.create("cdn-e2e-topology");
        EdgeNode shieldA = node("shield-a", EdgeRole.SHIELD, "sa", cp, state.resolve("a"), null);
        EdgeNode shieldB = node("shield-b", EdgeRole.SHIELD, "sb", cp, state.resolve("b"), null);
        URI shieldAUrl = URI.create("http://127.0.0.1:" + shieldA.port());
        EdgeNode edge = node("edge-1", EdgeRole.EDGE, "fra", cp, state.resolve("edge"), shieldAUrl);

        Http http = new Http(apiPort);
        String token = TestTenants.signUp(http, "topology", "owner@" + DOMAIN);
        String serviceId = TestTenants.activeService(http, token, "site", List.of(DOMAIN), origin.port());
        EdgeNode edgeNow = edge;
        await("every node runs version 1", () -> edgeNow.configVersion(serviceId).orElse(0) == 1
                && shieldA.configVersion(serviceId).orElse(0) == 1 && shieldB.configVersion(serviceId).orElse(0) == 1);

        // Before any push: the flags' topology (--shield A), this node's region from --region.
        assertThat(admin(edge, "/topology").get("source").asString()).isEqualTo("flags");
        Http.Response first = http.viaEdge(edge.port(), DOMAIN, "/before");
        assertThat(first.status()).isEqualTo(200);
        assertThat(servedBy(first)).isEqualTo("shield-a");

        // Misses keep coming while the topology changes: none may fail.
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            int i = 0;
            while (running.get()) {
                statuses.add(http.viaEdge(edgeNow.port(), DOMAIN, "/during-" + (i++)).status());
            }
        }, "topology-load");
        load.start();
        Map<String, Object> doc = Map.of("regions", List.of(Map.of("name", "eu", "pops", List.of("fra"),
                "shields", List.of(Map.of("name", "shield-b", "url", "http://127.0.0.1:" + shieldB.port())))));
        Http.Response put = http.put("/v1/topology", OPERATOR, "\"r0\"", doc);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        await("the edge runs topology v1", () -> admin(edgeNow, "/topology").get("version").asLong() == 1);
        await("a few misses after the change", () -> statuses.size() > 20);
        running.set(false);
        load.join(20_000);
        assertThat(statuses).as("statuses of misses during the change").isNotEmpty().allMatch(s -> s == 200);

        JsonNode view = admin(edge, "/topology");
        assertThat(view.get("source").asString()).isEqualTo("control-plane");
        assertThat(view.get("region").asString()).as("the region listing the edge's PoP").isEqualTo("eu");
        assertThat(admin(edge, "/readyz").get("topology").get("version").asLong()).isEqualTo(1);
        Http.Response after = http.viaEdge(edge.port(), DOMAIN, "/after");
        assertThat(after.status()).isEqualTo(200);
        assertThat(servedBy(after)).isEqualTo("shield-b");
        await("the API shows the edge on topology v1", () -> {
            JsonNode nodes = http.get("/v1/topology/nodes", OPERATOR).json().get("items");
            for (JsonNode n : nodes) {
                if (n.get("nodeId").asString().equals("edge-1") && n.get("topologyVersion").asLong(0) == 1) {
                    return true;
                }
            }
            return false;
        });

        // Fail static: the edge restarts while the control plane is away, still flagged --shield A.
        edge.close();
        gate.shut();
        edge = node("edge-1", EdgeRole.EDGE, "fra", cp, state.resolve("edge"), shieldAUrl);
        JsonNode restarted = admin(edge, "/topology");
        assertThat(restarted.get("source").asString()).isEqualTo("state");
        assertThat(restarted.get("version").asLong()).isEqualTo(1);
        Http.Response failStatic = http.viaEdge(edge.port(), DOMAIN, "/after-restart");
        assertThat(failStatic.status()).as("%s %s", failStatic.headers(), failStatic.body()).isEqualTo(200);
        assertThat(servedBy(failStatic)).isEqualTo("shield-b");
    }
}
