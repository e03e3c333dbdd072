package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Bursts of concurrent requests for new keys against an origin that answers at once, so fills often end while
 * other requests of the burst are between their store lookup (a miss) and taking the key's lease. Such a request
 * becomes the writer of a new fill with the object already in RAM: it must be answered from that object, not from
 * a second origin fetch. Each key must cost the origin exactly one request.
 */
class LandedMeanwhileWireTest {

    static final String HOST = "demo.localhost";
    static final int ROUNDS = 400;
    static final int BURST = 24;

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin();
        origin.script(s -> Reply.ok("body of " + s.uri(), "Cache-Control", "max-age=600"));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST, origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).adminListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminToken("t").configFile(file).lockTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void tearDown() {
        edge.close();
        origin.close();
    }

    @Test
    @Timeout(120)
    void requestsThatMissJustBeforeAFillEnds_areAnsweredFromItsObject_notFromASecondFetch() {
        List<String> twice = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String path = "/k" + round;
            List<String> bodies = Flux.range(0, BURST)
                    .flatMap(i -> Http.getAsync(edge.port(), HOST, path).map(Http.Response::body), BURST)
                    .collectList().block(Duration.ofSeconds(30));
            assertThat(bodies).containsOnly("body of " + path);
            if (origin.count(path) != 1) {
                twice.add(path + " fetched " + origin.count(path) + " times");
            }
        }
        assertThat(twice).as("keys the origin was asked for more than once").isEmpty();
    }
}
