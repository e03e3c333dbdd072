package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Edges;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's browser TTL is for browsers: only the edge applies it, on what it sends its clients, and it never makes a
 * private or no-store response shareable. Through both tiers on real sockets, since a shield that rewrote the origin's
 * Cache-Control would decide what its edges store.
 */
class BrowserTtlWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    final List<EdgeNode> nodes = new ArrayList<>();
    EdgeNode edge;

    @BeforeEach
    void setUp() throws IOException {
        origin = new ScriptedOrigin();
        origin.script(s -> switch (s.uri()) {
            case "/private" -> Reply.ok("alice's page", "Cache-Control", "private, max-age=60");
            case "/no-store" -> Reply.ok("alice's page", "Cache-Control", "no-store");
            case "/cookie" -> Reply.ok("alice's page", "Cache-Control", "max-age=60", "Set-Cookie", "sid=alice");
            default -> Reply.ok("shared", "Cache-Control", "max-age=5");
        });
        Origin o = new Origin("o1", "127.0.0.1", origin.port(), false, null, null, null, null, 1000, 2000);
        CacheRule browserTenMinutes = SelfMadeErrorWireTest.rule(null, 600, null, null);
        ServiceConfig svc = new ServiceConfig("demo", "tenant-1", "demo", 1, List.of(HOST), List.of(o),
                List.of(browserTenMinutes), new ServiceSettings(null, true, List.of(), null));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(svc))));
        EdgeNode shield = node(EdgeSettings.builder().nodeId("shield-1").role(EdgeRole.SHIELD), file);
        edge = node(EdgeSettings.builder().nodeId("edge-1").shield(URI.create("http://127.0.0.1:" + shield.port())),
                file);
    }

    EdgeNode node(EdgeSettingsBuilder b, Path file) {
        EdgeNode n = Edges.node(b, file);
        nodes.add(n);
        return n;
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(EdgeNode::close);
        origin.close();
    }

    Http.Response get(String path) {
        return Http.get(edge.port(), HOST, path);
    }

    @Test
    void aPrivateResponse_isStoredByNeitherTier_andStaysPrivateForTheBrowser() {
        Http.Response first = get("/private");
        Http.Response second = get("/private");
        assertThat(second.header("X-Cache")).isEqualTo("MISS");
        assertThat(origin.count("/private")).isEqualTo(2);
        assertThat(first.header("Cache-Control")).isEqualTo("private, max-age=600");
    }

    @Test
    void aNoStoreResponse_isStoredByNeitherTier_andKeepsItsNoStore() {
        get("/no-store");
        Http.Response second = get("/no-store");
        assertThat(second.header("X-Cache")).isEqualTo("MISS");
        assertThat(origin.count("/no-store")).isEqualTo(2);
        assertThat(second.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void aResponseSettingACookie_isNotMadeShareableForCachesBeyondTheEdge() {
        Http.Response r = get("/cookie");
        assertThat(r.header("Set-Cookie")).isEqualTo("sid=alice");
        assertThat(r.header("Cache-Control")).isEqualTo("private, max-age=600");
    }

    @Test
    void aSharedResponse_getsTheBrowserTtl_whileBothTiersKeepTheOriginsFreshness() {
        Http.Response first = get("/shared");
        Http.Response second = get("/shared");
        assertThat(first.header("Cache-Control")).isEqualTo("max-age=600");
        assertThat(second.header("X-Cache")).isEqualTo("HIT");
        assertThat(second.header("Cache-Status")).as("the edge's freshness is the origin's 5 s, not the browser's 600")
                .containsPattern("edge-1; hit; ttl=[0-5]$");
        assertThat(origin.count("/shared")).isEqualTo(1);
    }
}
