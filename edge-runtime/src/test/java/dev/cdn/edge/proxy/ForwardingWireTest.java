package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.QueryMode;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.RawHttp;
import dev.cdn.edge.support.ScriptedOrigin;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
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

/** What reaches the origin: exactly what the key was built from, and forwarding fields the CDN set itself. */
class ForwardingWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    final List<EdgeNode> nodes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        origin = new ScriptedOrigin();
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(EdgeNode::close);
        origin.close();
    }

    EdgeNode start(boolean shielded, CacheRule... rules) throws IOException {
        ServiceConfig one = Configs.service("demo", 1, HOST, origin.port(), rules);
        ServiceConfig svc = new ServiceConfig(one.id(), one.tenantId(), one.name(), 1, one.domains(), one.origins(),
                one.rules(), new ServiceSettings(null, shielded, List.of(), null));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(svc))));
        EdgeSettingsBuilder b = EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-1");
        if (shielded) {
            EdgeNode shield = node(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("shield-1").role(EdgeRole.SHIELD), file);
            b.shield(URI.create("http://127.0.0.1:" + shield.port()));
        }
        return node(b, file);
    }

    EdgeNode node(EdgeSettingsBuilder b, Path file) {
        EdgeNode n = EdgeNode.start(b.listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("t")
                .configFile(file).build());
        nodes.add(n);
        return n;
    }

    static CacheRule rule(QueryMode mode, List<String> params, List<String> keyCookies) {
        return new CacheRule("all", null, null, null, false, null, false, null, null, mode, params,
                List.of("Accept-Encoding"), null, keyCookies, null, false, null, null);
    }

    @Test
    void fill_sendsTheOriginTheQueryTheKeyWasBuiltFrom() throws IOException {
        EdgeNode edge = start(false, rule(QueryMode.WHITELIST, List.of("id"), null));
        Http.get(edge.port(), HOST, "/p?utm_source=mail&id=7&debug=1");
        assertThat(origin.last().uri()).isEqualTo("/p?id=7");
        // Another spelling of the same key is a hit: the origin was never asked about utm_source.
        assertThat(Http.get(edge.port(), HOST, "/p?id=7&utm_source=ad").header("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void fill_underAnIgnoringRule_sendsNoQuery() throws IOException {
        EdgeNode edge = start(false, rule(QueryMode.IGNORE, null, null));
        Http.get(edge.port(), HOST, "/p?x=1");
        assertThat(origin.last().uri()).isEqualTo("/p");
    }

    @Test
    void fill_sendsNoCookie_unlessTheRuleKeysOnOne() throws IOException {
        EdgeNode edge = start(false);
        Http.get(edge.port(), HOST, "/c", "Cookie", "session=alice; theme=dark");
        assertThat(origin.last().headers().contains("Cookie")).isFalse();
    }

    @Test
    void fill_sendsOnlyTheCookiesTheRuleKeysOn() throws IOException {
        EdgeNode edge = start(false, rule(QueryMode.ALL, null, List.of("theme")));
        Http.get(edge.port(), HOST, "/c", "Cookie", "session=alice; theme=dark");
        assertThat(origin.last().headers().get("Cookie")).isEqualTo("theme=dark");
    }

    @Test
    void pass_forwardsTheRawQueryAndCookie() throws IOException {
        EdgeNode edge = start(false, rule(QueryMode.IGNORE, null, null));
        Http.request(HttpMethod.POST, edge.port(), HOST, "/form?b=2&a=1", "x", "Cookie", "session=alice");
        assertThat(origin.last().uri()).isEqualTo("/form?b=2&a=1");
        assertThat(origin.last().headers().get("Cookie")).isEqualTo("session=alice");
    }

    @Test
    void clientForwardingAndOverrideFields_areReplacedByTheEdgesOwn() throws IOException {
        EdgeNode edge = start(false);
        for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.POST)) {
            Http.request(m, edge.port(), HOST, "/f", m == HttpMethod.POST ? "x" : null,
                    "X-Forwarded-For", "6.6.6.6", "Forwarded", "for=6.6.6.6;host=evil.example",
                    "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443",
                    "X-Real-IP", "6.6.6.6", "X-Original-URL", "/admin", "X-Rewrite-URL", "/admin",
                    "X-HTTP-Method-Override", "DELETE", "X-Method-Override", "DELETE", "X-HTTP-Method", "DELETE");
            HttpHeaders seen = origin.last().headers();
            assertThat(seen.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
            assertThat(seen.getAll("X-Forwarded-Proto")).containsExactly("http");
            assertThat(seen.getAll("X-Forwarded-Host")).containsExactly(HOST);
            assertThat(seen.getAll("Forwarded")).containsExactly("for=127.0.0.1;host=demo.localhost;proto=http");
            for (String gone : List.of("X-Forwarded-Port", "X-Real-IP", "X-Original-URL", "X-Rewrite-URL",
                    "X-HTTP-Method-Override", "X-Method-Override", "X-HTTP-Method")) {
                assertThat(seen.contains(gone)).as(m + " " + gone).isFalse();
            }
        }
    }

    @Test
    void throughAShield_theOriginSeesTheEdgesChain_andNoClientOverride() throws IOException {
        EdgeNode edge = start(true);
        Http.get(edge.port(), HOST, "/s", "X-Forwarded-For", "6.6.6.6", "X-Original-URL", "/admin",
                "Cookie", "session=alice");
        HttpHeaders seen = origin.last().headers();
        assertThat(seen.getAll("X-Forwarded-For")).containsExactly("127.0.0.1, 127.0.0.1");
        assertThat(seen.getAll("X-Forwarded-Host")).containsExactly(HOST);
        assertThat(seen.getAll("Forwarded")).containsExactly(
                "for=127.0.0.1;host=demo.localhost;proto=http, for=127.0.0.1;host=demo.localhost;proto=http");
        assertThat(seen.contains("X-Original-URL")).isFalse();
        assertThat(seen.contains("Cookie")).isFalse();
    }

    @Test
    void absoluteFormTarget_isRoutedByItsAuthority_notByHost() throws IOException {
        EdgeNode edge = start(false);
        String routed = RawHttp.exchange(edge.port(),
                "GET http://demo.localhost/abs HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n", 5000);
        assertThat(RawHttp.status(routed)).isEqualTo(200);
        assertThat(origin.last().headers().get("Host")).isEqualTo(HOST);
        String unknown = RawHttp.exchange(edge.port(),
                "GET http://other.example/abs HTTP/1.1\r\nHost: demo.localhost\r\nConnection: close\r\n\r\n", 5000);
        assertThat(RawHttp.status(unknown)).isEqualTo(404);
        assertThat(origin.count("/abs")).isEqualTo(1);
    }

    @Test
    void anAuthorityThatIsNotAPlainHostAndPort_isRefused_beforeAnythingGoesUpstream() throws IOException {
        // The port is not part of the cache key: an authority that routes as the service but reads otherwise to the
        // origin would let it write another site's links into an object every user of the service is given.
        EdgeNode edge = start(false);
        for (String authority : List.of("demo.localhost:@evil.example", "demo.localhost:80@evil.example",
                "user@demo.localhost", "demo.localhost:8080:1")) {
            String raw = RawHttp.exchange(edge.port(), "GET http://" + authority + "/abs HTTP/1.1\r\nHost: "
                    + HOST + "\r\nConnection: close\r\n\r\n", 5000);
            assertThat(RawHttp.status(raw)).as(authority).isEqualTo(400);
        }
        for (String host : List.of("demo.localhost:@evil.example", "demo.localhost evil.example")) {
            String raw = RawHttp.exchange(edge.port(), "GET /abs HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n", 5000);
            assertThat(RawHttp.status(raw)).as(host).isEqualTo(400);
        }
        assertThat(origin.count("/abs")).isZero();
    }
}
