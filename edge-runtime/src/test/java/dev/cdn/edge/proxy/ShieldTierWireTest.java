package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Edges;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.TcpRelay;
import dev.cdn.edge.upstream.ShieldDownPolicy;
import dev.cdn.edge.upstream.ShieldTopology;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import java.util.regex.Pattern;

/**
 * Three edges, two shields and an origin on loopback sockets. Each shield sits behind a {@link TcpRelay}, so
 * stopping one closes its connections the way a crash does.
 */
class ShieldTierWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final List<EdgeNode> nodes = new ArrayList<>();
    final List<EdgeNode> edges = new ArrayList<>();
    TcpRelay relayA;
    TcpRelay relayB;
    ShieldTopology topology;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        ServiceConfig shielded = ShieldWireTest.withShield(Configs.service("demo", 1, HOST, origin.port()), true);
        file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(shielded))));
        relayA = new TcpRelay(node(EdgeSettings.builder().nodeId("shield-a").role(EdgeRole.SHIELD)).port());
        relayB = new TcpRelay(node(EdgeSettings.builder().nodeId("shield-b").role(EdgeRole.SHIELD)).port());
        topology = ShieldTopology.parse("local=http://127.0.0.1:" + relayA.port() + ",http://127.0.0.1:" + relayB.port());
        for (int i = 1; i <= 3; i++) {
            edges.add(node(EdgeSettings.builder().nodeId("edge-" + i).shields(topology)));
        }
    }

    EdgeNode node(EdgeSettingsBuilder b) {
        EdgeNode n = Edges.node(b, file);
        nodes.add(n);
        return n;
    }

    @AfterEach
    void tearDown() {
        relayA.close();
        relayB.close();
        nodes.forEach(EdgeNode::close);
        origin.close();
    }

    /** The shield that served, from the first Cache-Status entry (RFC 9211: the tier nearest the origin first). */
    static String servedBy(Http.Response r) {
        String cs = r.header("Cache-Status");
        return cs.startsWith("shield-") ? cs.substring(0, cs.indexOf(';')) : "origin";
    }

    @Test
    void thirtyConcurrentMisses_overThreeEdges_makeExactlyOneOriginRequest() {
        origin.script(s -> ScriptedOrigin.Reply.ok("body", "Cache-Control", "max-age=60")
                .delayed(Duration.ofMillis(300)));
        List<Http.Response> all = Flux.range(0, 30)
                .flatMap(i -> Http.getAsync(edges.get(i % 3).port(), HOST, "/hot"), 30)
                .collectList().block(Duration.ofSeconds(20));
        assertThat(all).hasSize(30).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(origin.count("/hot")).isEqualTo(1);
        // Every fill the edges sent went to the one shield the key hashes to (coalesced readers name only their edge).
        assertThat(all.stream().map(ShieldTierWireTest::servedBy).filter(s -> !s.equals("origin")).distinct())
                .hasSize(1);
    }

    @Test
    void keysSpreadOverBothShields_andEachKeyAlwaysGoesToTheSameShield() {
        Map<String, String> home = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            home.put("/k" + i, servedBy(Http.get(edges.get(i % 3).port(), HOST, "/k" + i)));
        }
        assertThat(home.values()).contains("shield-a", "shield-b");
        // From the other edges: the same shield, which now has the object.
        for (int i = 0; i < 20; i++) {
            Http.Response r = Http.get(edges.get((i + 1) % 3).port(), HOST, "/k" + i);
            assertThat(servedBy(r)).as("/k" + i).isEqualTo(home.get("/k" + i));
            assertThat(r.header("Cache-Status")).startsWith(home.get("/k" + i) + "; hit");
        }
        assertThat(origin.count()).isEqualTo(20);
    }

    @Test
    void stoppedShield_requestsContinueThroughTheOther_withNo5xx_inBoundedTime() {
        for (int i = 0; i < 10; i++) {
            Http.get(edges.get(i % 3).port(), HOST, "/warm" + i); // pooled connections to both shields
        }
        relayA.stop();
        long start = System.nanoTime();
        List<Http.Response> after = Flux.range(0, 60)
                .flatMap(i -> Http.getAsync(edges.get(i % 3).port(), HOST, "/after" + i), 10)
                .collectList().block(Duration.ofSeconds(20));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(after).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(after).extracting(ShieldTierWireTest::servedBy).containsOnly("shield-b");
        assertThat(millis).as("60 misses after the stop, in ms").isLessThan(10_000);
        // Each edge counted the stopped shield's refusals and the other shield's answers, by shield name.
        String a = "127.0.0.1:" + relayA.port();
        String b = "127.0.0.1:" + relayB.port();
        for (EdgeNode edge : edges) {
            String metrics = Http.get(edge.adminPort(), "x", "/metrics", "Authorization", "Bearer t").body();
            assertThat(metrics).containsPattern("edge_shield_requests_total\\{outcome=\"no-answer\",shield=\""
                    + Pattern.quote(a) + "\"\\} [1-9]");
            assertThat(metrics).containsPattern("edge_shield_requests_total\\{outcome=\"answered\",shield=\""
                    + Pattern.quote(b) + "\"\\} [1-9]");
        }
    }

    @Test
    void post_isNeverRetriedOnAnotherShield() {
        relayA.stop();
        int ok = 0;
        int failed = 0;
        for (int i = 0; i < 12; i++) {
            Http.Response r = Http.request(HttpMethod.POST, edges.get(0).port(), HOST, "/form" + i, "x=1");
            if (r.status() == 200) {
                ok++;
                assertThat(servedBy(r)).isEqualTo("shield-b");
            } else {
                failed++;
                assertThat(r.status()).isEqualTo(502);
            }
        }
        // The POSTs whose home shield was down reached nothing else: neither the other shield nor the origin.
        assertThat(failed).as("POSTs homed on the stopped shield").isPositive();
        assertThat(origin.seen().stream().filter(s -> s.method().equals("POST")).count()).isEqualTo(ok);
    }

    @Test
    void shieldFetch_carriesTheShieldMarker_andTheForwardingChain_aClientsMarkerNever() {
        Http.Response r = Http.get(edges.get(0).port(), HOST, "/marked", "X-Cdn-Shield", "region=forged",
                "X-Forwarded-For", "203.0.113.9");
        ScriptedOrigin.Seen seen = origin.last();
        assertThat(seen.headers().get("X-Cdn-Shield")).isEqualTo("region=local; node=" + servedBy(r));
        // The edge replaced the client's claim with the client's address; the shield appended the edge's.
        assertThat(seen.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1, 127.0.0.1");
        assertThat(seen.headers().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.headers().get("Via")).isEqualTo("1.1 edge-1, 1.1 " + servedBy(r));
    }

    @Test
    void bothShieldsDown_missesGoToTheOriginDirectly_withoutAShieldMarker() {
        relayA.stop();
        relayB.stop();
        for (int i = 0; i < 5; i++) {
            // Connection: close: the test client must not reuse a pooled connection to an earlier test's edge on a
            // port the kernel has since handed to this test's (a closed node still serves its open connections).
            Http.Response r = Http.get(edges.get(i % 3).port(), HOST, "/direct" + i, "Connection", "close");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Cache-Status")).isEqualTo("edge-" + (i % 3 + 1) + "; fwd=uri-miss; fwd-status=200");
        }
        assertThat(origin.last().headers().get("X-Cdn-Shield")).isNull();
        assertThat(origin.count()).isEqualTo(5);
    }

    @Test
    void bothShieldsDown_withShieldDownFail_nothingReachesTheOrigin() {
        EdgeNode strict = node(EdgeSettings.builder().nodeId("edge-strict").shields(topology)
                .shieldDown(ShieldDownPolicy.FAIL));
        relayA.stop();
        relayB.stop();
        for (int i = 0; i < 5; i++) {
            assertThat(Http.get(strict.port(), HOST, "/strict" + i, "Connection", "close").status()).isIn(502, 504);
        }
        assertThat(origin.count()).isZero();
    }
}
