package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.QueryMode;
import dev.cdn.config.RuleMatch;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Edges;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.RawOrigin;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 9111 §4.4 on real sockets: only a non-error answer to an unsafe or unknown method invalidates. */
class InvalidationWireTest {

    static final String HOST = "demo.localhost";
    static final String OTHER = "other.localhost";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws IOException {
        origin = new ScriptedOrigin();
        ServiceConfig one = Configs.service("demo", 1, HOST, origin.port());
        ServiceConfig svc = new ServiceConfig(one.id(), one.tenantId(), one.name(), 1, List.of(HOST, OTHER),
                one.origins(), one.rules(), one.settings());
        edge = Edges.standalone(dir, svc);
    }

    @AfterEach
    void tearDown() {
        edge.close();
        origin.close();
    }

    String cache(String host, String path) {
        return Http.get(edge.port(), host, path).header("X-Cache");
    }

    Http.Response send(String method, String path) {
        return Http.request(HttpMethod.valueOf(method), edge.port(), HOST, path, "x=1");
    }

    void answerUnsafe(Reply reply) {
        origin.script(s -> s.method().equals("GET") ? Reply.ok("hello", "Cache-Control", "max-age=60") : reply);
    }

    @Test
    void postAnswered405_evictsNothing() {
        answerUnsafe(Reply.of(405, "no", "Allow", "GET"));
        cache(HOST, "/a");
        assertThat(send("POST", "/a").status()).isEqualTo(405);
        assertThat(cache(HOST, "/a")).isEqualTo("HIT");
    }

    @Test
    void deleteAnswered503_evictsNothing() {
        answerUnsafe(Reply.of(503, "busy"));
        cache(HOST, "/a");
        assertThat(send("DELETE", "/a").status()).isEqualTo(503);
        assertThat(cache(HOST, "/a")).isEqualTo("HIT");
    }

    @Test
    void post2xx_invalidatesTheTarget_andSameOriginLocations_only() {
        answerUnsafe(Reply.of(201, "made", "Location", "/b", "Content-Location", "http://other.localhost/c"));
        cache(HOST, "/a?q=1");
        cache(HOST, "/b");
        cache(HOST, "/c");
        cache(OTHER, "/c");
        assertThat(send("POST", "/a?q=1").status()).isEqualTo(201);
        assertThat(cache(HOST, "/a?q=1")).isEqualTo("MISS");
        assertThat(cache(HOST, "/b")).isEqualTo("MISS");
        assertThat(cache(HOST, "/c")).isEqualTo("HIT");
        assertThat(cache(OTHER, "/c")).isEqualTo("HIT"); // another origin: RFC 9111 §4.4 forbids invalidating it
    }

    @Test
    void post2xx_invalidatesTheObjectAGetStored_whenTheGetRuleKeysTheQueryOtherwise() throws IOException {
        // The rule that stores GETs keys only the query's "page"; the POST matches no rule of its own, so its target URL must
        // still be keyed the way a GET of it is, or the invalidation misses the stored object.
        CacheRule api = new CacheRule("api", new RuleMatch("/api/", null, List.of(), List.of("GET", "HEAD")), null,
                null, false, null, false, null, null, QueryMode.WHITELIST, List.of("page"), List.of("Accept-Encoding"),
                null, null, null, false, null, null);
        ServiceConfig one = Configs.service("demo", 2, HOST, origin.port(), api);
        edge.close();
        edge = Edges.standalone(dir, one);
        answerUnsafe(Reply.of(200, "updated"));
        cache(HOST, "/api/item?v=1");
        assertThat(cache(HOST, "/api/item?v=2")).as("v is not part of the key").isEqualTo("HIT");
        assertThat(send("POST", "/api/item?v=1").status()).isEqualTo(200);
        assertThat(cache(HOST, "/api/item?v=1")).isEqualTo("MISS");
    }

    @Test
    void locationAndContentLocation_invalidateTheirFirstValueOnly_asTheSingletonsTheyAre() throws IOException {
        // RFC 9110 10.2.2, 8.7: each is one URI; a response listing many must not make one request many purges.
        // "Connection: close" as well as closing: the edge must not keep a connection the origin is closing.
        try (RawOrigin raw = new RawOrigin(r -> r.head().startsWith("GET")
                ? new RawOrigin.Answer("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nConnection: close\r\n"
                        + "Content-Length: 5\r\n\r\nhello", true)
                : new RawOrigin.Answer("HTTP/1.1 201 Created\r\nLocation: /b\r\nLocation: /c\r\n"
                        + "Content-Location: /d\r\nContent-Location: /e\r\nConnection: close\r\n"
                        + "Content-Length: 0\r\n\r\n", true))) {
            edge.close();
            edge = Edges.standalone(dir, Configs.service("demo", 2, HOST, raw.port()));
            for (String path : List.of("/a", "/b", "/c", "/d", "/e")) {
                cache(HOST, path);
                assertThat(cache(HOST, path)).as(path + " stored").isEqualTo("HIT");
            }
            // No body: the raw origin does not read one.
            assertThat(Http.request(HttpMethod.POST, edge.port(), HOST, "/a", null).status()).isEqualTo(201);
            assertThat(cache(HOST, "/a")).isEqualTo("MISS");
            assertThat(cache(HOST, "/b")).isEqualTo("MISS");
            assertThat(cache(HOST, "/d")).isEqualTo("MISS");
            assertThat(cache(HOST, "/c")).as("a second Location").isEqualTo("HIT");
            assertThat(cache(HOST, "/e")).as("a second Content-Location").isEqualTo("HIT");
        }
    }

    @Test
    void unknownMethod_answered200_invalidatesTheTarget() {
        answerUnsafe(Reply.of(200, "ok"));
        cache(HOST, "/m");
        assertThat(send("M-SEARCH", "/m").status()).isEqualTo(200);
        assertThat(cache(HOST, "/m")).isEqualTo("MISS");
    }

    @Test
    void safeMethods_neverInvalidate() {
        answerUnsafe(Reply.of(200, "ok"));
        cache(HOST, "/s");
        send("OPTIONS", "/s");
        assertThat(cache(HOST, "/s")).isEqualTo("HIT");
    }
}
