package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.upstream.ShieldTopology;
import dev.cdn.testsupport.ScratchDirs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * Hit-through-shield latency, plain beside TLS (docs/benchmarks.md, "Edge to shield over TLS"): one shield serving
 * both its plain and its TLS listener from one cache, two edges that reach it over http and over https, each request
 * a miss at its edge and a hit at the shield. Also counts the TCP connections each edge opened to the shield (through
 * a counting relay, for both): pooling kept means a handful, not one per request.
 *
 * <p>{@code mvn -B -o -pl e2e -am verify -Dcdn.bench=true -Dtest=ShieldTlsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "cdn.bench", matches = "true")
class ShieldTlsBenchmark {

    private static final String EDGE_TOKEN = "shieldtls-bench-token";
    private static final String OPERATOR_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final int URLS = Integer.getInteger("cdn.bench.urls", 1000);
    private static final int ROUNDS = Integer.getInteger("cdn.bench.rounds", 3);

    @Test
    void hitThroughShield_plainBesideTls() throws Exception {
        DisposableServer origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.header("Cache-Control", "public, max-age=3600")
                        .sendString(Mono.just("x".repeat(1024)))).bindNow();
        ConfigurableApplicationContext api = TestControlPlane.start(EDGE_TOKEN, "bench-operator",
                "--cdn.certs.encryption-key=" + OPERATOR_KEY);
        Http http = new Http(TestControlPlane.port(api));
        URI cp = URI.create("http://127.0.0.1:" + TestControlPlane.port(api));
        Path state = ScratchDirs.create("cdn-shieldtls-bench");
        List<EdgeNode> nodes = new ArrayList<>();
        List<DisposableServer> relays = new ArrayList<>();
        try {
            EdgeNode shield = node(nodes, EdgeSettings.builder().nodeId("shield-bench").role(EdgeRole.SHIELD)
                    .tlsListen("127.0.0.1", 0).fleetCertNames(List.of("127.0.0.1")), cp, state);
            Await.until("the shield's certificate", Duration.ofSeconds(30), () -> "",
                    () -> shield.fleetCertificate() != null);
            AtomicInteger plainConnections = new AtomicInteger();
            AtomicInteger tlsConnections = new AtomicInteger();
            DisposableServer plainRelay = relay(shield.port(), plainConnections);
            DisposableServer tlsRelay = relay(shield.tlsPort(), tlsConnections);
            relays.add(plainRelay);
            relays.add(tlsRelay);
            EdgeNode warm = edge(nodes, "edge-warm", "local=http://127.0.0.1:" + shield.port(), cp, state);
            EdgeNode plain = edge(nodes, "edge-plain", "local=http://127.0.0.1:" + plainRelay.port(), cp, state);
            EdgeNode tls = edge(nodes, "edge-tls", "local=https://127.0.0.1:" + tlsRelay.port(), cp, state);
            EdgeNode plainDirect = edge(nodes, "edge-plain-direct", "local=http://127.0.0.1:" + shield.port(), cp, state);
            EdgeNode tlsDirect = edge(nodes, "edge-tls-direct", "local=https://127.0.0.1:" + shield.tlsPort(), cp,
                    state);
            Await.until("the edges trust the fleet CA", Duration.ofSeconds(30), () -> "",
                    () -> tls.fleetCaReady() && tlsDirect.fleetCaReady());

            String host = service(http, origin.port(), nodes);
            for (int r = 0; r < ROUNDS + 1; r++) {
                for (int i = 0; i < URLS; i++) {
                    assertThat(http.viaEdge(warm.port(), host, "/r" + r + "/" + i).status()).isEqualTo(200);
                }
            }
            // Round 0 warms the JIT and the pools (unreported); then rounds alternate which edge goes first.
            System.out.printf("%nhit through shield, %d URLs a round, 1 KiB bodies, sequential%n", URLS);
            System.out.println("round | path | p50 ms | p90 ms | p99 ms | mean ms");
            for (int r = 0; r <= ROUNDS; r++) {
                EdgeNode[] order = r % 2 == 0 ? new EdgeNode[] {plainDirect, tlsDirect}
                        : new EdgeNode[] {tlsDirect, plainDirect};
                for (EdgeNode e : order) {
                    double[] ms = new double[URLS];
                    for (int i = 0; i < URLS; i++) {
                        long t0 = System.nanoTime();
                        Http.Response res = http.viaEdge(e.port(), host, "/r" + r + "/" + i);
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                        assertThat(res.status()).isEqualTo(200);
                        assertThat(res.header("Cache-Status")).contains("shield-bench; hit");
                    }
                    if (r > 0) {
                        Arrays.sort(ms);
                        System.out.printf("%d | %s | %.2f | %.2f | %.2f | %.2f%n", r, e == tlsDirect ? "https" : "http",
                                ms[URLS / 2], ms[URLS * 9 / 10], ms[URLS * 99 / 100],
                                Arrays.stream(ms).average().orElse(0));
                    }
                }
            }
            // Connections: the relayed edges, the same requests (shield hits) one after another.
            for (EdgeNode e : new EdgeNode[] {plain, tls}) {
                for (int i = 0; i < URLS; i++) {
                    assertThat(http.viaEdge(e.port(), host, "/r1/" + i).status()).isEqualTo(200);
                }
            }
            System.out.printf("TCP connections opened to the shield for %d sequential requests: http %d, https %d%n",
                    URLS, plainConnections.get(), tlsConnections.get());
            assertThat(tlsConnections.get()).as("pooled: not a connection per request").isLessThan(URLS / 10);
        } finally {
            nodes.forEach(EdgeNode::close);
            relays.forEach(DisposableServer::disposeNow);
            api.close();
            origin.disposeNow();
            ScratchDirs.deleteQuietly(state);
        }
    }

    private static EdgeNode node(List<EdgeNode> nodes, EdgeSettingsBuilder b, URI cp, Path state) {
        EdgeNode n = EdgeNode.start(b.pop("bench").allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("admin").controlPlane(cp, EDGE_TOKEN)
                .stateDir(state.resolve("n" + nodes.size())).build());
        nodes.add(n);
        return n;
    }

    private static EdgeNode edge(List<EdgeNode> nodes, String id, String shields, URI cp, Path state) {
        return node(nodes, EdgeSettings.builder().nodeId(id).role(EdgeRole.EDGE).region("local")
                .shields(ShieldTopology.parse(shields)), cp, state);
    }

    private static String service(Http http, int originPort, List<EdgeNode> nodes) {
        String token = TestTenants.signUp(http, "bench", "bench@shieldtls.test");
        String host = "bench.shieldtls.localhost";
        String id = TestTenants.activeService(http, token, "bench", List.of(host), originPort);
        Await.until("every node runs the service", Duration.ofSeconds(30), () -> "",
                () -> nodes.stream().allMatch(n -> n.configVersion(id).orElse(0) == 1));
        return host;
    }

    /** A loopback TCP relay to {@code target} that counts the connections it accepts. */
    private static DisposableServer relay(int target, AtomicInteger connections) {
        return TcpServer.create().host("127.0.0.1").port(0)
                .doOnConnection(c -> connections.incrementAndGet())
                .handle((in, out) -> TcpClient.create().host("127.0.0.1").port(target).connect().flatMap(up -> {
                    Mono<Void> there = up.outbound().send(in.receive().retain()).then();
                    Mono<Void> back = out.send(up.inbound().receive().retain()).then();
                    return Mono.firstWithSignal(there, back).doFinally(s -> up.dispose());
                }))
                .bindNow();
    }
}
