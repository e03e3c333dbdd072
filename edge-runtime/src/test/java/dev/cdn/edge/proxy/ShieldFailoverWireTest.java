package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The last step of the shield chain on real sockets: a shield that refuses connections is routed around at once. */
class ShieldFailoverWireTest {

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final List<EdgeNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(EdgeNode::close);
        origin.close();
    }

    EdgeNode node(EdgeSettingsBuilder b) throws Exception {
        Path file = dir.resolve("edge.json");
        ServiceConfig shielded = ShieldWireTest.withShield(Configs.service("demo", 1, "demo.localhost", origin.port()), true);
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(shielded))));
        EdgeNode n = EdgeNode.start(b.allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("t").configFile(file).build());
        nodes.add(n);
        return n;
    }

    @Test
    void refusingOnlyShield_everyMissGoesToTheOrigin_withNo5xx() throws Exception {
        EdgeNode edge = node(EdgeSettings.builder().nodeId("edge-a")
                .shield(URI.create("http://127.0.0.1:" + deadPort())));

        // Before passive health has counted enough failures to mark the shield down, too.
        for (int i = 0; i < 3; i++) {
            Http.Response r = Http.get(edge.port(), "demo.localhost", "/after-stop-" + i);
            assertThat(r.status()).as("request %d after the shield stopped", i).isEqualTo(200);
            assertThat(r.header("Cache-Status")).isEqualTo("edge-a; fwd=uri-miss; fwd-status=200");
        }
        assertThat(origin.count("/after-stop-0")).isEqualTo(1);
    }

    /** A loopback port nothing listens on: connecting is refused at once. */
    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
