package dev.cdn.edge.logic;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.Cors;
import dev.cdn.config.EdgeLogic;
import dev.cdn.config.FieldMatch;
import dev.cdn.config.FieldOp;
import dev.cdn.config.HeaderAction;
import dev.cdn.config.HeaderOp;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.LogicRule;
import dev.cdn.config.PathRewrite;
import dev.cdn.config.Redirect;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.SyntheticResponse;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Edges;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request and response rules on real sockets: redirects, headers, synthetic answers, CORS, rewrites, browser TTL. */
class LogicRulesWireTest {

    static final String HOST = "site.localhost";

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    EdgeNode edge;

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    void start(LogicRule... rules) throws IOException {
        ServiceConfig base = Configs.service("site", 1, HOST, origin.port());
        edge = Edges.standalone(dir, new ServiceConfig("site", "tenant-1", "site", 1, base.domains(), base.origins(),
                List.of(), base.settings(), new EdgeLogic(List.of(), List.of(rules)), null));
    }

    Http.Response get(String path, String... headers) {
        return Http.get(edge.port(), HOST, path, headers);
    }

    static LogicRule rule(String name, LogicMatch match, List<HeaderAction> request, List<HeaderAction> response) {
        return new LogicRule(name, match, request, response, null, null, null, null, null);
    }

    @Test
    void redirect_withTemplatedTarget_isAnsweredAtTheEdge_andNamesItsRule() throws IOException {
        start(new LogicRule("to-https", new LogicMatch(null, null, List.of("http"), null, null, null, null, null),
                null, null, new Redirect(308, "https://{host}{uri}"), null, null, null, null));
        Http.Response r = get("/a/b?x=1&y=2");
        assertThat(r.status()).isEqualTo(308);
        assertThat(r.header("Location")).isEqualTo("https://site.localhost/a/b?x=1&y=2");
        assertThat(r.header(LogicOutcome.DEBUG_HEADER)).isEqualTo("rules=to-https; answer=redirect");
        assertThat(r.header("Cache-Status")).endsWith("detail=redirect");
        assertThat(origin.count()).isZero();
    }

    @Test
    void headerRules_changeTheOriginRequest_andTheClientResponse_onHitsToo() throws IOException {
        origin.script(s -> Reply.ok("token=" + s.headers().get("X-Edge-Token") + " cookie=" + s.headers().get("Cookie"),
                "Cache-Control", "max-age=600", "X-Powered-By", "php", "Server", "origin"));
        start(rule("origin-side", LogicMatch.path("/**"),
                        List.of(new HeaderAction(HeaderOp.SET, "X-Edge-Token", "t1")), null),
                rule("client-side", LogicMatch.path("/**"), null,
                        List.of(new HeaderAction(HeaderOp.REMOVE, "X-Powered-By", null),
                                new HeaderAction(HeaderOp.SET, "Strict-Transport-Security", "max-age=63072000"),
                                new HeaderAction(HeaderOp.APPEND, "Server", "edge"))));
        Http.Response miss = get("/page");
        Http.Response hit = get("/page");
        for (Http.Response r : List.of(miss, hit)) {
            assertThat(r.body()).isEqualTo("token=t1 cookie=null");
            assertThat(r.header("X-Powered-By")).isNull();
            assertThat(r.header("Strict-Transport-Security")).isEqualTo("max-age=63072000");
            assertThat(r.headers().getAll("Server")).containsExactly("origin", "edge");
            assertThat(r.header(LogicOutcome.DEBUG_HEADER)).isEqualTo("rules=origin-side,client-side");
        }
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void ruleOnAHeaderCondition_keysItsObjectsApart_soTheRewrittenAnswerNeverLeaks() throws IOException {
        origin.script(s -> Reply.ok("beta=" + s.headers().get("X-Beta"), "Cache-Control", "max-age=600"));
        start(rule("beta-testers", new LogicMatch("/**", null, null,
                        List.of(new FieldMatch("X-Tester", FieldOp.REGEX, "^team-[a-z]+$")), null, null, null, null),
                List.of(new HeaderAction(HeaderOp.SET, "X-Beta", "on")), null));
        assertThat(get("/home", "X-Tester", "team-qa").body()).isEqualTo("beta=on");
        assertThat(get("/home").body()).isEqualTo("beta=null");
        assertThat(get("/home", "X-Tester", "someone").body()).isEqualTo("beta=null");
        assertThat(get("/home", "X-Tester", "team-dev").header("X-Cache")).isEqualTo("HIT");
        assertThat(origin.count("/home")).isEqualTo(2);
    }

    @Test
    void syntheticResponse_answersWithoutTheOrigin() throws IOException {
        start(new LogicRule("maintenance", LogicMatch.path("/shop/**"), null,
                List.of(new HeaderAction(HeaderOp.SET, "Retry-After", "120")), null, null,
                new SyntheticResponse(503, "text/html; charset=utf-8", "<h1>Back soon</h1>"), null, "no-store"));
        Http.Response r = get("/shop/cart");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("<h1>Back soon</h1>");
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("Retry-After")).isEqualTo("120");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(get("/elsewhere").status()).isEqualTo(200);
        assertThat(origin.count("/shop/cart")).isZero();
    }

    @Test
    void cors_answersPreflightsAtTheEdge_andDecoratesOnlyAllowedOrigins() throws IOException {
        origin.script(s -> Reply.ok("data", "Cache-Control", "max-age=600"));
        start(new LogicRule("api-cors", LogicMatch.path("/api/**"), null, null, null, null, null,
                new Cors(List.of("https://app.localhost"), List.of("GET", "PUT"), List.of("X-Token"), List.of("ETag"),
                        600, true), null));
        Http.Response preflight = Http.request(HttpMethod.OPTIONS, edge.port(), HOST, "/api/items", null,
                "Origin", "https://app.localhost", "Access-Control-Request-Method", "PUT");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.localhost");
        assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET, PUT");
        assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("X-Token");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
        Http.Response allowed = get("/api/items", "Origin", "https://app.localhost");
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.localhost");
        assertThat(allowed.header("Access-Control-Expose-Headers")).isEqualTo("ETag");
        assertThat(allowed.headers().getAll("Vary")).contains("Origin");
        Http.Response other = get("/api/items", "Origin", "https://evil.localhost");
        assertThat(other.header("X-Cache")).isEqualTo("HIT");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(origin.seen()).noneMatch(s -> s.method().equals("OPTIONS"));
    }

    @Test
    void originPathRewrite_fetchesTheNewPath_underTheClientsUrl() throws IOException {
        origin.script(s -> Reply.ok("origin saw " + s.uri(), "Cache-Control", "max-age=600"));
        start(new LogicRule("api-v1", LogicMatch.path("/api/**"), null, null, null, new PathRewrite("/api/", "/v1/"),
                null, null, null));
        assertThat(get("/api/items?page=2").body()).isEqualTo("origin saw /v1/items?page=2");
        Http.Response again = get("/api/items?page=2");
        assertThat(again.header("X-Cache")).isEqualTo("HIT");
        Http.Response post = Http.request(HttpMethod.POST, edge.port(), HOST, "/api/items", "{}");
        assertThat(post.body()).isEqualTo("origin saw /v1/items");
    }

    @Test
    void browserCacheControl_isSentToClients_whileTheEdgeKeepsTheOriginsTtl() throws IOException {
        origin.script(s -> Reply.ok("x", "Cache-Control", "max-age=600"));
        start(new LogicRule("no-browser-cache", LogicMatch.path("/**"), null, null, null, null, null, null,
                "no-cache"));
        assertThat(get("/p").header("Cache-Control")).isEqualTo("no-cache");
        Http.Response hit = get("/p");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void rulesApplyInOrder_andTheFirstAnswerEndsTheList() throws Exception {
        start(rule("tag", LogicMatch.path("/**"), null, List.of(new HeaderAction(HeaderOp.SET, "X-Tag", "1"))),
                new LogicRule("gone", LogicMatch.path("/old"), null, null, null, null,
                        new SyntheticResponse(410, null, "gone"), null, null),
                rule("late", LogicMatch.path("/**"), null, List.of(new HeaderAction(HeaderOp.SET, "X-Late", "1"))));
        Http.Response gone = get("/old");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.header("X-Tag")).isEqualTo("1");
        assertThat(gone.header("X-Late")).isNull();
        assertThat(gone.header(LogicOutcome.DEBUG_HEADER)).isEqualTo("rules=tag,gone; answer=synthetic");
        Http.Response other = get("/new");
        assertThat(other.header("X-Late")).isEqualTo("1");
        // Counted as each response ends, which can be just after the client has read it: wait for the count.
        String matchedTwice = "edge_logic_rule_matches_total{rule=\"tag\",service=\"site\"} 2.0";
        until(() -> metrics().contains(matchedTwice));
        assertThat(metrics()).contains(matchedTwice)
                .contains("edge_logic_answers_total{kind=\"synthetic\",rule=\"gone\",service=\"site\"} 1.0");
    }

    private String metrics() {
        return Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
    }
}
