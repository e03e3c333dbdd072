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
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.TcpRelay;
import dev.cdn.edge.upstream.ShieldTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The measured run of docs/routing.md (opt in with {@code -Dcdn.bench=true}): 1,000 cold requests over 250 URLs
 * (each URL 4 times, from edges chosen at random with a fixed seed) spread over 3 edges, 20 at a time, with no
 * shield, one shield, and two shields; then, with two shields, the latencies of the misses sent right after one
 * shield is stopped.
 */
@EnabledIfSystemProperty(named = "cdn.bench", matches = "true")
class ShieldTierBenchmark {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final List<EdgeNode> nodes = new ArrayList<>();
    final List<TcpRelay> relays = new ArrayList<>();

    @AfterEach
    void tearDown() {
        relays.forEach(TcpRelay::close);
        nodes.forEach(EdgeNode::close);
        origin.close();
    }

    EdgeNode node(EdgeSettingsBuilder b, Path file) {
        EdgeNode n = EdgeNode.start(b.allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("t").configFile(file).build());
        nodes.add(n);
        return n;
    }

    /** Starts {@code shields} shields (behind relays) and 3 edges using them; returns the edges. */
    List<EdgeNode> tier(String name, int shields) throws Exception {
        ServiceConfig shielded = ShieldWireTest.withShield(Configs.service("demo", 1, HOST, origin.port()), true);
        Path file = dir.resolve(name + ".json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(shielded))));
        StringJoiner urls = new StringJoiner(",");
        for (int i = 0; i < shields; i++) {
            TcpRelay relay = new TcpRelay(node(EdgeSettings.builder().nodeId(name + "-shield-" + i)
                    .role(EdgeRole.SHIELD), file).port());
            relays.add(relay);
            urls.add("http://127.0.0.1:" + relay.port());
        }
        List<EdgeNode> edges = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EdgeSettingsBuilder b = EdgeSettings.builder().nodeId(name + "-edge-" + i);
            if (shields > 0) {
                b.shields(ShieldTopology.parse("local=" + urls));
            }
            edges.add(node(b, file));
        }
        return edges;
    }

    /** Origin requests for 1,000 cold requests over 250 URLs spread over the 3 edges. */
    int originRequestsPerThousand(String name, int shields) throws Exception {
        List<EdgeNode> edges = tier(name, shields);
        Random random = new Random(42);
        int before = origin.count();
        List<int[]> plan = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int u = 0; u < 250; u++) {
                plan.add(new int[] {u, random.nextInt(3)});
            }
        }
        List<Http.Response> all = Flux.fromIterable(plan)
                .flatMap(p -> Http.getAsync(edges.get(p[1]).port(), HOST, "/" + name + "/" + p[0]), 20)
                .collectList().block(Duration.ofMinutes(2));
        assertThat(all).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        return origin.count() - before;
    }

    @Test
    void originRequests_noShield_oneShield_twoShields() throws Exception {
        int none = originRequestsPerThousand("none", 0);
        int one = originRequestsPerThousand("one", 1);
        int two = originRequestsPerThousand("two", 2);
        System.out.printf("BENCH origin requests per 1000 cold requests over 3 edges: no shield %d, 1 shield %d,"
                + " 2 shields %d%n", none, one, two);
    }

    @Test
    void stoppedShield_latencyOfTheMissesRightAfter() throws Exception {
        List<EdgeNode> edges = tier("stop", 2);
        for (int i = 0; i < 30; i++) {
            Http.get(edges.get(i % 3).port(), HOST, "/warm" + i); // pooled connections to both shields
        }
        report("both shields up", edges, "/before");
        relays.get(0).stop();
        report("after stopping 1 of 2 shields", edges, "/after");
    }

    /** 200 sequential misses over the 3 edges: their 5xx count and latencies. */
    static void report(String label, List<EdgeNode> edges, String prefix) {
        long[] micros = new long[200];
        int errors = 0;
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            Http.Response r = Http.get(edges.get(i % 3).port(), HOST, prefix + i);
            micros[i] = (System.nanoTime() - t0) / 1000;
            if (r.status() >= 500) {
                errors++;
            }
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf("BENCH %s: 200 sequential misses, %d 5xx, first %d us, p50 %d us, p99 %d us, max %d us%n",
                label, errors, micros[0], sorted[100], sorted[197], sorted[199]);
    }
}
