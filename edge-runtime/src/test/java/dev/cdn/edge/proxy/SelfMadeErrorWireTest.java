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
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Errors the CDN makes itself (502/504, TLS failures) are never stored, at the shield or at the edge, through both
 * tiers on real sockets: the shape of a service made in the portal, edge → shield → an origin with TLS ticked on a
 * plain-HTTP port.
 */
class SelfMadeErrorWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    final List<EdgeNode> nodes = new ArrayList<>();
    Path file;
    EdgeNode shield;
    EdgeNode edge;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void setUp() {
        origin = new ScriptedOrigin();
        file = dir.resolve("edge.json");
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(EdgeNode::close);
        origin.close();
    }

    void configure(boolean originTls, CacheRule rule) throws IOException {
        Origin o = new Origin("o1", "127.0.0.1", origin.port(), originTls, null, null, null, null, 1000, 2000);
        ServiceConfig svc = new ServiceConfig("demo", "tenant-1", "demo", originTls ? 1 : 2, List.of(HOST),
                List.of(o), List.of(rule), new ServiceSettings(null, true, List.of(), null));
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(svc))));
    }

    void startBothTiers() {
        shield = node(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("shield-1").role(EdgeRole.SHIELD));
        edge = node(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-1").shield(URI.create("http://127.0.0.1:" + shield.port())));
    }

    EdgeNode node(EdgeSettingsBuilder b) {
        EdgeNode n = EdgeNode.start(b.listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("t")
                .configFile(file).clock(clock).build());
        nodes.add(n);
        return n;
    }

    static CacheRule rule(Integer edgeTtl, Integer browserTtl, Map<String, Integer> statusTtls, Integer staleIfError) {
        return new CacheRule("all", null, edgeTtl, browserTtl, false, statusTtls, false, null, staleIfError, null,
                null, List.of("Accept-Encoding"), null, null, null, false, null, null);
    }

    Http.Response get(String path) {
        return Http.get(edge.port(), HOST, path);
    }

    /** The origin is fixed (TLS unticked) and both tiers reload: the next request must reach it. */
    void fixOrigin(CacheRule rule) throws IOException {
        configure(false, rule);
        nodes.forEach(EdgeNode::pollConfigFile);
    }

    @Test
    void tlsToAPlainPort_with_oneHourTtls_502IsNeverStored_andTheFixedOriginServesAtOnce() throws IOException {
        CacheRule oneHour = rule(3600, 3600, null, null);
        configure(true, oneHour);
        startBothTiers();
        Http.Response first = get("/page");
        Http.Response second = get("/page");
        assertThat(first.status()).isIn(502, 504);
        assertThat(first.header("Cache-Control")).isEqualTo("no-store");
        assertThat(second.status()).isIn(502, 504);
        assertThat(second.header("X-Cache")).isEqualTo("MISS");
        assertThat(second.header("Cache-Status")).doesNotContain("hit").doesNotContain("stored");
        fixOrigin(oneHour);
        Http.Response fixed = get("/page");
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.body()).isEqualTo("hello");
    }

    @Test
    void aShieldsSelfMadeError_isNotStoredAtTheEdge_evenWhenStatusTtlsNamesIt() throws IOException {
        CacheRule errorsCached = rule(3600, null, Map.of("502", 3600, "504", 3600), null);
        configure(true, errorsCached);
        startBothTiers();
        Http.Response first = get("/page");
        Http.Response second = get("/page");
        // A failed handshake (502) or one the plain port never answers in time (504): both are made by the shield.
        assertThat(first.status()).isIn(502, 504);
        assertThat(second.status()).isIn(502, 504);
        assertThat(second.header("X-Cache")).isEqualTo("MISS");
        assertThat(second.header("Cache-Status"))
                .matches(".*edge-1; fwd=uri-miss; fwd-status=50[24]; detail=upstream-error");
        fixOrigin(errorsCached);
        assertThat(get("/page").status()).isEqualTo(200);
    }

    @Test
    void anOrigin5xx_withMaxAge_isNotStored_unlessStatusTtlsNamesIt() throws IOException {
        origin.script(s -> Reply.of(s.uri().equals("/named") ? 503 : 500, "down", "Cache-Control", "max-age=3600"));
        configure(false, rule(3600, null, Map.of("503", 60), null));
        startBothTiers();
        get("/unnamed");
        Http.Response unnamed = get("/unnamed");
        assertThat(unnamed.header("X-Cache")).isEqualTo("MISS");
        assertThat(origin.count("/unnamed")).isEqualTo(2);
        get("/named");
        Http.Response named = get("/named");
        assertThat(named.status()).isEqualTo(503);
        assertThat(named.header("X-Cache")).isEqualTo("HIT");
        assertThat(origin.count("/named")).isEqualTo(1);
    }

    @Test
    void aShieldsSelfMadeError_servesTheEdgesLastGoodObject_withinStaleIfError() throws IOException {
        CacheRule rule = rule(60, null, null, 600);
        configure(false, rule);
        startBothTiers();
        assertThat(get("/page").body()).isEqualTo("hello");
        // The shield loses its copy and the origin breaks (TLS ticked on its plain port); the edge's copy expires.
        Http.Response purged = Http.request(HttpMethod.POST, shield.adminPort(), "a",
                "/purge", "{\"serviceId\":\"demo\",\"kind\":\"all\"}", "Authorization", "Bearer t");
        assertThat(purged.status()).isEqualTo(200);
        configure(true, rule);
        nodes.forEach(EdgeNode::pollConfigFile);
        clock.advance(Duration.ofSeconds(61));
        Http.Response stale = get("/page");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("hello");
        assertThat(stale.header("X-Cache")).isEqualTo("STALE");
        assertThat(stale.header("Cache-Status")).startsWith("edge-1; hit; detail=stale-if-error");
    }

    @Test
    void aStaleCopyTheShieldServed_isLabelledStaleAtTheEdge_notExpired() throws IOException {
        CacheRule rule = rule(60, null, null, 600);
        configure(false, rule);
        startBothTiers();
        assertThat(get("/page").body()).isEqualTo("hello");
        // Both tiers' copies expire; the origin now fails, so the shield answers with its stale copy.
        clock.advance(Duration.ofSeconds(61));
        origin.script(s -> Reply.of(500, "broken"));
        Http.Response r = get("/page");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.header("X-Cache")).isEqualTo("STALE");
        assertThat(r.header("Cache-Status")).startsWith("shield-1; hit; detail=stale-if-error")
                .contains("edge-1; fwd=stale; fwd-status=200;").endsWith("detail=upstream-stale");
    }
}
