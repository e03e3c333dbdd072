package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Edges;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vary on real sockets: a response varying on a request header the rule does not key on is never shared. */
class VaryWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() {
        origin = new ScriptedOrigin();
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    void start(CacheRule... rules) throws IOException {
        edge = Edges.standalone(dir, Configs.service("demo", 1, HOST, origin.port(), rules));
    }

    Http.Response get(String path, String... headers) {
        return Http.get(edge.port(), HOST, path, headers);
    }

    static CacheRule varyingOn(String... headers) {
        return new CacheRule("all", null, null, null, false, null, false, null, null, null, null,
                List.of(headers), null, null, null, false, null, null);
    }

    @Test
    void varyCookie_isNotStored_soAlicesPageNeverReachesBob() throws IOException {
        origin.script(s -> Reply.ok("page of " + s.headers().get("Cookie"), "Cache-Control", "max-age=60",
                "Vary", "Cookie"));
        start();
        Http.Response alice = get("/account", "Cookie", "user=alice");
        Http.Response bob = get("/account", "Cookie", "user=bob");
        assertThat(alice.header("Cache-Status")).endsWith("fwd-status=200; detail=vary-unkeyed");
        assertThat(bob.header("X-Cache")).isEqualTo("MISS");
        assertThat(bob.body()).doesNotContain("alice");
        assertThat(origin.count("/account")).isEqualTo(2);
        Http.Response metrics = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret");
        assertThat(metrics.body()).containsPattern(
                "edge_responses_not_stored_total\\{reason=\"vary-unkeyed\",service=\"demo\"} 2.0");
    }

    @Test
    void varyAcceptLanguage_frenchUserNeverGetsTheGermanPage() throws IOException {
        origin.script(s -> Reply.ok("lang=" + s.headers().get("Accept-Language"), "Cache-Control", "max-age=60",
                "Vary", "Accept-Encoding, Accept-Language"));
        start();
        assertThat(get("/home", "Accept-Language", "de").body()).isEqualTo("lang=de");
        Http.Response french = get("/home", "Accept-Language", "fr");
        assertThat(french.body()).isEqualTo("lang=fr");
        assertThat(french.header("Cache-Status")).contains("detail=vary-unkeyed");
    }

    @Test
    void varyOnAHeaderTheRuleKeysOn_isStoredPerValue() throws IOException {
        origin.script(s -> Reply.ok("device=" + s.headers().get("X-Device"), "Cache-Control", "max-age=60",
                "Vary", "X-Device"));
        start(varyingOn("Accept-Encoding", "X-Device"));
        assertThat(get("/d", "X-Device", "phone").body()).isEqualTo("device=phone");
        assertThat(get("/d", "X-Device", "desk").body()).isEqualTo("device=desk");
        Http.Response phone = get("/d", "X-Device", "phone");
        assertThat(phone.header("X-Cache")).isEqualTo("HIT");
        assertThat(phone.body()).isEqualTo("device=phone");
        assertThat(origin.count("/d")).isEqualTo(2);
    }

    @Test
    void varyCookie_whenTheRuleOptsIn_keysOnTheWholeCookieField() throws IOException {
        origin.script(s -> Reply.ok("page of " + s.headers().get("Cookie"), "Cache-Control", "max-age=60",
                "Vary", "Cookie"));
        start(varyingOn("Cookie"));
        get("/account", "Cookie", "user=alice");
        Http.Response bob = get("/account", "Cookie", "user=bob");
        Http.Response aliceAgain = get("/account", "Cookie", "user=alice");
        assertThat(bob.body()).isEqualTo("page of user=bob");
        assertThat(aliceAgain.header("X-Cache")).isEqualTo("HIT");
        assertThat(aliceAgain.body()).isEqualTo("page of user=alice");
    }

    @Test
    void varyStar_isNeverStored_evenWhenTheRuleListsEveryHeader() throws IOException {
        origin.script(s -> Reply.ok("x", "Cache-Control", "max-age=60", "Vary", "*"));
        start(varyingOn("Accept-Encoding", "*"));
        get("/star");
        Http.Response second = get("/star");
        assertThat(second.header("Cache-Status")).contains("detail=vary-star");
        assertThat(origin.count("/star")).isEqualTo(2);
    }
}
