package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tiers on real sockets: edge → shield → origin. */
class ShieldWireTest {

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    final List<EdgeNode> nodes = new ArrayList<>();
    EdgeNode shield;
    EdgeNode edgeA;
    EdgeNode edgeB;

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin();
        ServiceConfig shielded = withShield(Configs.service("demo", 1, "demo.localhost", origin.port()), true);
        ServiceConfig direct = withShield(Configs.service("direct", 1, "direct.localhost", origin.port()), false);
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(shielded, direct))));
        shield = node(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("shield-1").role(EdgeRole.SHIELD), file);
        URI shieldUrl = URI.create("http://127.0.0.1:" + shield.port());
        edgeA = node(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-a").shield(shieldUrl), file);
        edgeB = node(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-b").shield(shieldUrl), file);
    }

    EdgeNode node(EdgeSettingsBuilder b, Path file) {
        EdgeNode n = EdgeNode.start(b.listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("t")
                .configFile(file).build());
        nodes.add(n);
        return n;
    }

    static ServiceConfig withShield(ServiceConfig s, boolean shieldEnabled) {
        return new ServiceConfig(s.id(), s.tenantId(), s.name(), s.version(), s.domains(), s.origins(), s.rules(),
                new ServiceSettings(null, shieldEnabled, List.of(), null));
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(EdgeNode::close);
        origin.close();
    }

    @Test
    void firstRequest_missesBothTiers_withExactlyOneOriginRequest() {
        Http.Response r = Http.get(edgeA.port(), "demo.localhost", "/s");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Cache")).isEqualTo("MISS");
        assertThat(r.header("Cache-Status"))
                .isEqualTo("shield-1; fwd=uri-miss; fwd-status=200, edge-a; fwd=uri-miss; fwd-status=200");
        assertThat(r.header("Via")).isEqualTo("1.1 shield-1, 1.1 edge-a");
        assertThat(origin.count("/s")).isEqualTo(1);
        assertThat(origin.last().headers().get("CDN-Loop")).isEqualTo("edge-a, shield-1");
    }

    @Test
    void secondEdgeBehindTheSameShield_getsAShieldHit() {
        Http.get(edgeA.port(), "demo.localhost", "/s");
        Http.Response r = Http.get(edgeB.port(), "demo.localhost", "/s");
        assertThat(r.header("X-Cache")).isEqualTo("MISS");
        assertThat(r.header("Cache-Status")).startsWith("shield-1; hit; ttl=")
                .endsWith("edge-b; fwd=uri-miss; fwd-status=200");
        assertThat(origin.count("/s")).isEqualTo(1);
        assertThat(Http.get(edgeB.port(), "demo.localhost", "/s").header("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void theSchemeTheClientUsed_travelsThroughTheShield_andKeysBothTiers() {
        EdgeNode tlsEdge = node(EdgeSettings.builder().nodeId("edge-tls").tlsOffloadListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .shield(URI.create("http://127.0.0.1:" + shield.port())), dir.resolve("edge.json"));
        origin.script(s -> ScriptedOrigin.Reply.ok("proto=" + s.headers().get("X-Forwarded-Proto"),
                "Cache-Control", "max-age=60"));
        assertThat(Http.get(tlsEdge.tlsOffloadPort(), "demo.localhost", "/x").body()).isEqualTo("proto=https");
        assertThat(Http.get(edgeA.port(), "demo.localhost", "/x").body()).isEqualTo("proto=http");
        assertThat(origin.count("/x")).isEqualTo(2); // the shield keeps the two apart too
        Http.Response shieldHit = Http.get(edgeB.port(), "demo.localhost", "/x");
        assertThat(shieldHit.body()).isEqualTo("proto=http");
        assertThat(shieldHit.header("Cache-Status")).startsWith("shield-1; hit");
    }

    @Test
    void shieldKeepsCdnHeaders_edgeStripsThem() {
        origin.script(s -> ScriptedOrigin.Reply.ok("k", "Cache-Control", "max-age=60", "Surrogate-Key", "k1"));
        Http.Response r = Http.get(edgeA.port(), "demo.localhost", "/k");
        assertThat(r.headers().contains("Surrogate-Key")).isFalse();
        Http.Response fromShield = Http.get(shield.port(), "demo.localhost", "/k");
        assertThat(fromShield.header("Surrogate-Key")).isEqualTo("k1");
    }

    @Test
    void serviceWithShieldDisabled_goesStraightToOrigin() {
        Http.Response r = Http.get(edgeA.port(), "direct.localhost", "/d");
        assertThat(r.header("Cache-Status")).isEqualTo("edge-a; fwd=uri-miss; fwd-status=200");
        assertThat(origin.last().headers().get("CDN-Loop")).isEqualTo("edge-a");
        assertThat(origin.count("/d")).isEqualTo(1);
    }
}
