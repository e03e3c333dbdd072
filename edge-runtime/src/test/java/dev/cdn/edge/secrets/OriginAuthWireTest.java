package dev.cdn.edge.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.OriginAuth;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSecrets;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import io.netty.handler.codec.http.HttpMethod;
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

/**
 * The origin-authentication header on real sockets: only the node that fetches from the origin adds it (an unshielded
 * edge, the shield, or an edge falling back past its shields), a client's forged copy and debug token never travel
 * upstream, the edge never sends it to a shield, and an origin echoing it does not reveal it to the client.
 */
class OriginAuthWireTest {

    static final String HEADER = "X-Origin-Auth";
    static final String VALUE = "origin-secret-0123456789abcdef";

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final List<EdgeNode> nodes = new ArrayList<>();
    final List<ScriptedOrigin> spies = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(EdgeNode::close);
        spies.forEach(ScriptedOrigin::close);
        origin.close();
    }

    static ServiceConfig withSecret(ServiceConfig s, boolean shielded) {
        ServiceSettings settings = new ServiceSettings(null, shielded, List.of(), null)
                .withSecrets(new ServiceSecrets(new OriginAuth(HEADER, VALUE), null));
        return new ServiceConfig(s.id(), s.tenantId(), s.name(), s.version(), s.domains(), s.origins(), s.rules(),
                settings);
    }

    EdgeNode node(EdgeSettingsBuilder b) throws Exception {
        Path file = dir.resolve("edge.json");
        if (!Files.exists(file)) {
            Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(
                    withSecret(Configs.service("direct", 1, "direct.localhost", origin.port()), false),
                    withSecret(Configs.service("shielded", 1, "shielded.localhost", origin.port()), true)))));
        }
        EdgeNode n = EdgeNode.start(b.allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("t").configFile(file).build());
        nodes.add(n);
        return n;
    }

    @Test
    void unshieldedEdge_addsTheHeader_andDropsTheClientsForgedCopy_onFillsAndPasses() throws Exception {
        EdgeNode edge = node(EdgeSettings.builder().nodeId("edge-a"));

        Http.Response fill = Http.get(edge.port(), "direct.localhost", "/fill", HEADER, "forged-by-a-client-000", "Cdn-Debug",
                "guess");
        assertThat(fill.status()).isEqualTo(200);
        assertThat(origin.last().headers().getAll(HEADER)).containsExactly(VALUE);
        assertThat(origin.last().headers().contains("Cdn-Debug")).isFalse();

        Http.request(HttpMethod.POST, edge.port(), "direct.localhost", "/pass", "x", HEADER, "forged-by-a-client-000");
        assertThat(origin.last().method()).isEqualTo("POST");
        assertThat(origin.last().headers().getAll(HEADER)).containsExactly(VALUE);
    }

    @Test
    void shieldedService_theEdgeNeverSendsItToTheShield_theShieldAddsItForTheOrigin() throws Exception {
        ScriptedOrigin shieldSpy = new ScriptedOrigin();
        spies.add(shieldSpy);
        EdgeNode spiedEdge = node(EdgeSettings.builder().nodeId("edge-s")
                .shield(URI.create("http://127.0.0.1:" + shieldSpy.port())));
        Http.get(spiedEdge.port(), "shielded.localhost", "/spied", HEADER, "forged-by-a-client-000");
        assertThat(shieldSpy.count("/spied")).isEqualTo(1);
        assertThat(shieldSpy.last().headers().contains(HEADER)).as("the edge-to-shield hop").isFalse();
        assertThat(origin.count()).isZero();

        EdgeNode shield = node(EdgeSettings.builder().nodeId("shield-1").role(EdgeRole.SHIELD));
        EdgeNode edge = node(EdgeSettings.builder().nodeId("edge-a").shield(URI.create("http://127.0.0.1:" + shield.port())));
        Http.Response r = Http.get(edge.port(), "shielded.localhost", "/through", HEADER, "forged-by-a-client-000");
        assertThat(r.header("Cache-Status")).startsWith("shield-1;");
        assertThat(origin.last().headers().getAll(HEADER)).containsExactly(VALUE);
        assertThat(origin.last().headers().get("X-Cdn-Shield")).contains("node=shield-1");
    }

    @Test
    void edgeFallingBackPastItsShields_addsTheHeaderItself() throws Exception {
        EdgeNode edge = node(EdgeSettings.builder().nodeId("edge-a")
                .shield(URI.create("http://127.0.0.1:" + deadPort())));

        Http.Response r = Http.get(edge.port(), "shielded.localhost", "/fallback");

        assertThat(r.status()).isEqualTo(200);
        assertThat(origin.count("/fallback")).isEqualTo(1);
        assertThat(origin.last().headers().getAll(HEADER)).containsExactly(VALUE);
    }

    @Test
    void anOriginEchoingTheHeader_neverShowsItToTheClient_fromUpstreamOrFromTheStore() throws Exception {
        EdgeNode edge = node(EdgeSettings.builder().nodeId("edge-a"));
        origin.script(s -> ScriptedOrigin.Reply.ok("echo", "Cache-Control", "max-age=60", HEADER,
                s.headers().get(HEADER)));

        Http.Response miss = Http.get(edge.port(), "direct.localhost", "/echo");
        Http.Response hit = Http.get(edge.port(), "direct.localhost", "/echo");

        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        for (Http.Response r : List.of(miss, hit)) {
            assertThat(r.headers().contains(HEADER)).isFalse();
            assertThat(r.headers().toString()).doesNotContain(VALUE);
        }
    }

    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
