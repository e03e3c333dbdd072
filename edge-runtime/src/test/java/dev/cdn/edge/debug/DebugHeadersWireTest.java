package dev.cdn.edge.debug;

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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debug headers on real sockets: a request carrying its service's debug token ({@code Cdn-Debug}) learns the node,
 * PoP, rule, key hash, route and timings, through a shield too; without the token, with a wrong one or another
 * service's, no {@code Cdn-Debug-*} field at all (not even one an origin sent); the token never travels upstream.
 */
class DebugHeadersWireTest {

    static final String TOKEN = "cdbg_the-right-token-for-demo";

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final List<EdgeNode> nodes = new ArrayList<>();
    EdgeNode shield;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(
                withToken(Configs.service("direct", 1, "direct.localhost", origin.port()), false, TOKEN),
                withToken(Configs.service("shielded", 1, "shielded.localhost", origin.port()), true, TOKEN),
                withToken(Configs.service("other", 1, "other.localhost", origin.port()), false, "cdbg_another-service")))));
        shield = node(EdgeSettings.builder().nodeId("shield-1").role(EdgeRole.SHIELD), file);
        edge = node(EdgeSettings.builder().nodeId("edge-a").shield(URI.create("http://127.0.0.1:" + shield.port())), file);
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(EdgeNode::close);
        origin.close();
    }

    static ServiceConfig withToken(ServiceConfig s, boolean shielded, String token) {
        ServiceSettings settings = new ServiceSettings(null, shielded, List.of(), null)
                .withSecrets(new ServiceSecrets(null, OriginAuth.sha256Hex(token)));
        return new ServiceConfig(s.id(), s.tenantId(), s.name(), s.version(), s.domains(), s.origins(), s.rules(),
                settings);
    }

    EdgeNode node(EdgeSettingsBuilder b, Path file) {
        EdgeNode n = EdgeNode.start(b.allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("secret").configFile(file).build());
        nodes.add(n);
        return n;
    }

    @Test
    void theRightToken_getsTheRoute_andNeverTravelsUpstream() {
        Http.Response miss = Http.get(edge.port(), "direct.localhost", "/a", "Cdn-Debug", TOKEN);

        assertThat(miss.header("Cdn-Debug-Node")).isEqualTo("edge-a");
        assertThat(miss.header("Cdn-Debug-Pop")).isEqualTo("local");
        assertThat(miss.header("Cdn-Debug-Rule")).isEqualTo("default");
        assertThat(miss.header("Cdn-Debug-Key")).matches("sha256:[0-9a-f]{16}");
        assertThat(miss.header("Cdn-Debug-Route")).isEqualTo("origin o1=127.0.0.1:" + origin.port() + " (origin)");
        assertThat(miss.header("Cdn-Debug-Upstream")).isEqualTo(miss.header("Cdn-Debug-Route"));
        assertThat(miss.header("Cdn-Debug-Timing")).matches("total=[0-9.]+ms; upstream=[0-9]+ms");
        assertThat(origin.last().headers().contains("Cdn-Debug")).isFalse();

        Http.Response hit = Http.get(edge.port(), "direct.localhost", "/a", "Cdn-Debug", TOKEN);
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.header("Cdn-Debug-Key")).isEqualTo(miss.header("Cdn-Debug-Key"));
        assertThat(hit.header("Cdn-Debug-Route")).isNull();
        assertThat(hit.header("Cdn-Debug-Timing")).matches("total=[0-9.]+ms");
    }

    @Test
    void throughAShield_theShieldChosenIsNamed_andNeitherTheShieldNorTheOriginSeesTheToken() {
        Http.Response r = Http.get(edge.port(), "shielded.localhost", "/s", "Cdn-Debug", TOKEN);

        String shieldName = "127.0.0.1:" + shield.port();
        assertThat(r.header("Cache-Status")).startsWith("shield-1;");
        assertThat(r.header("Cdn-Debug-Shield")).isEqualTo(shieldName);
        assertThat(r.header("Cdn-Debug-Route")).isEqualTo("shield " + shieldName + " (primary)");
        assertThat(origin.last().headers().contains("Cdn-Debug")).isFalse();
        assertThat(origin.last().headers().toString()).doesNotContain(TOKEN);

        Http.Response plain = Http.get(edge.port(), "shielded.localhost", "/s2");
        assertThat(debugFields(plain)).isEmpty();
    }

    @Test
    void withoutTheServicesToken_noDebugFieldAtAll_evenOnesTheOriginSent() {
        origin.script(s -> ScriptedOrigin.Reply.ok("spoof", "Cache-Control", "max-age=60", "Cdn-Debug-Node", "spoofed"));

        for (String[] headers : List.of(new String[0], new String[] {"Cdn-Debug", "cdbg_wrong-token"},
                new String[] {"Cdn-Debug", "cdbg_another-service"}, new String[] {"Cdn-Debug", ""})) {
            Http.Response r = Http.get(edge.port(), "direct.localhost", "/n", headers);
            assertThat(r.status()).isEqualTo(200);
            assertThat(debugFields(r)).as(String.join(" ", headers)).isEmpty();
        }
        // A stored object carries no debug fields of the request that filled it.
        Http.get(edge.port(), "direct.localhost", "/filled-with-token", "Cdn-Debug", TOKEN);
        assertThat(debugFields(Http.get(edge.port(), "direct.localhost", "/filled-with-token"))).isEmpty();
    }

    @Test
    void debugRequests_areCountedByOutcome() {
        Http.get(edge.port(), "direct.localhost", "/m", "Cdn-Debug", TOKEN);
        Http.get(edge.port(), "direct.localhost", "/m", "Cdn-Debug", "cdbg_wrong-token");
        Http.get(edge.port(), "direct.localhost", "/m", "Cdn-Debug", "cdbg_wrong-token");

        String metrics = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        assertThat(metrics).contains("edge_debug_requests_total{outcome=\"granted\"} 1.0")
                .contains("edge_debug_requests_total{outcome=\"refused\"} 2.0");
    }

    private static List<Map.Entry<String, String>> debugFields(Http.Response r) {
        return r.headers().entries().stream().filter(e -> e.getKey().toLowerCase().startsWith("cdn-debug")).toList();
    }
}
