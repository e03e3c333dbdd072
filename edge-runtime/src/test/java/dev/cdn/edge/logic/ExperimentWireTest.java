package dev.cdn.edge.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.EdgeLogic;
import dev.cdn.config.Experiment;
import dev.cdn.config.HeaderAction;
import dev.cdn.config.HeaderOp;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.config.Stickiness;
import dev.cdn.config.Variant;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Edges;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** A/B tests on real sockets: the split, stickiness, the variant in the cache key, pinning, per-variant origins. */
class ExperimentWireTest {

    static final String HOST = "shop.localhost";
    static final int CLIENTS = 10_000;

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final ScriptedOrigin beta = new ScriptedOrigin();
    EdgeNode edge;

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
        beta.close();
    }

    void start(Experiment... experiments) throws IOException {
        ServiceConfig base = Configs.service("shop", 1, HOST, origin.port());
        List<Origin> origins = List.of(base.origins().get(0),
                new Origin("b1", "127.0.0.1", beta.port(), false, null, null, "beta", null, 1000, 2000));
        edge = Edges.standalone(dir, new ServiceConfig("shop", "tenant-1", "shop", 1, List.of(HOST), origins,
                List.of(), new ServiceSettings(null, false, List.of(), null),
                new EdgeLogic(List.of(experiments), List.of()), null));
    }

    static Experiment cookieExperiment(int weightA, int weightB, String pinned) {
        return new Experiment("home", LogicMatch.path("/page"), Stickiness.COOKIE, null, null,
                List.of(new Variant("a", weightA, null, null, null),
                        new Variant("b", weightB, null, null, List.of(new HeaderAction(HeaderOp.SET, "X-Variant", "b")))),
                pinned);
    }

    static String variantOf(Http.Response r) {
        String debug = r.header(LogicOutcome.DEBUG_HEADER);
        return debug == null ? null : debug.replaceAll(".*experiments=home:(\\w+).*", "$1");
    }

    static String cookieOf(Http.Response r) {
        String setCookie = r.header("Set-Cookie");
        return setCookie == null ? null : setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void tenThousandClients_splitWithinTwoPercentOfTheWeights_keepTheirVariant_andNeverShareACachedObject()
            throws IOException {
        origin.script(s -> Reply.ok("variant=" + (s.headers().contains("X-Variant") ? "b" : "a"),
                "Cache-Control", "max-age=600"));
        start(cookieExperiment(70, 30, null));
        Map<String, Integer> split = new ConcurrentHashMap<>();
        List<String> mismatches = Flux.range(0, CLIENTS)
                .flatMap(client -> Http.getAsync(edge.port(), HOST, "/page")
                        .flatMap(first -> Http.getAsync(edge.port(), HOST, "/page", "Cookie", cookieOf(first))
                                .map(second -> {
                                    String v = variantOf(first);
                                    split.merge(v, 1, Integer::sum);
                                    // Sticky: the cookie brings the same variant back; isolated: each body is its own.
                                    boolean ok = v.equals(variantOf(second)) && second.header("Set-Cookie") == null
                                            && first.body().equals("variant=" + v)
                                            && second.body().equals("variant=" + v);
                                    return ok ? "" : client + ": " + v + " then " + variantOf(second) + " / "
                                            + first.body() + " / " + second.body();
                                })), 32)
                .filter(s -> !s.isEmpty())
                .collectList().block(Duration.ofMinutes(3));
        assertThat(mismatches).isEmpty();
        assertThat(split.get("a") + split.get("b")).isEqualTo(CLIENTS);
        assertThat(split.get("a") / (double) CLIENTS).isBetween(0.68, 0.72);
        assertThat(split.get("b") / (double) CLIENTS).isBetween(0.28, 0.32);
        // One fill per variant: 20,000 requests, two objects, neither ever served to the other variant.
        assertThat(origin.count("/page")).isEqualTo(2);
        String metrics = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        assertThat(metrics).contains("edge_experiment_requests_total{cache_status=\"hit\",experiment=\"home\","
                + "service=\"shop\",variant=\"a\"}");
        assertThat(metrics).containsPattern("edge_experiment_origin_latency_seconds_count\\{experiment=\"home\","
                + "service=\"shop\",variant=\"b\"} 1");
    }

    @Test
    void aResponseSettingTheAssignmentCookie_isPrivate_soNoSharedCacheBeyondTheEdgeKeepsTheCookie() throws IOException {
        origin.script(s -> Reply.ok("page", "Cache-Control", "max-age=600"));
        start(cookieExperiment(50, 50, null));
        Http.Response assigned = Http.get(edge.port(), HOST, "/page");
        assertThat(assigned.header("Set-Cookie")).startsWith("exp_home=");
        assertThat(assigned.header("Cache-Control")).isEqualTo("private, max-age=600");
        Http.Response returning = Http.get(edge.port(), HOST, "/page", "Cookie", cookieOf(assigned));
        assertThat(returning.header("Set-Cookie")).isNull();
        assertThat(returning.header("Cache-Control")).as("no cookie set: shareable as the origin said")
                .isEqualTo("max-age=600");
    }

    @Test
    void tamperedCookie_getsANewBucket_andTheBucketCookieIsSetOnlyOnce() throws IOException {
        start(cookieExperiment(50, 50, null));
        Http.Response tampered = Http.get(edge.port(), HOST, "/page", "Cookie", "exp_home=99999");
        assertThat(tampered.header("Set-Cookie")).matches("exp_home=\\d{1,4}; Path=/; Max-Age=31536000; SameSite=Lax");
        Http.Response kept = Http.get(edge.port(), HOST, "/page", "Cookie", "exp_home=7000");
        assertThat(kept.header("Set-Cookie")).isNull();
        assertThat(variantOf(kept)).isEqualTo("b");
    }

    @Test
    void stoppedExperiment_pinsEveryoneToTheChosenVariant_andSetsNoCookie() throws IOException {
        origin.script(s -> Reply.ok("variant=" + (s.headers().contains("X-Variant") ? "b" : "a"),
                "Cache-Control", "max-age=600"));
        start(cookieExperiment(50, 50, "b"));
        for (String cookie : List.of("exp_home=10", "exp_home=9999", "")) {
            Http.Response r = Http.get(edge.port(), HOST, "/page", "Cookie", cookie);
            assertThat(r.body()).isEqualTo("variant=b");
            assertThat(r.header("Set-Cookie")).isNull();
        }
    }

    @Test
    void variantWithItsOwnPoolAndPathPrefix_fetchesFromThatOriginOnly() throws IOException {
        origin.script(s -> Reply.ok("main " + s.uri(), "Cache-Control", "max-age=600"));
        beta.script(s -> Reply.ok("beta " + s.uri(), "Cache-Control", "max-age=600"));
        start(new Experiment("home", LogicMatch.path("/page"), Stickiness.COOKIE, null, null,
                List.of(new Variant("a", 50, null, null, null), new Variant("b", 50, "beta", "/v2", null)), null));
        assertThat(Http.get(edge.port(), HOST, "/page?x=1", "Cookie", "exp_home=100").body()).isEqualTo("main /page?x=1");
        assertThat(Http.get(edge.port(), HOST, "/page?x=1", "Cookie", "exp_home=9000").body())
                .isEqualTo("beta /v2/page?x=1");
        assertThat(Http.get(edge.port(), HOST, "/other").header(LogicOutcome.DEBUG_HEADER)).isNull();
        assertThat(origin.count()).isEqualTo(2);
        assertThat(beta.count()).isEqualTo(1);
    }

    @Test
    void purgeByUrl_removesEveryVariant() throws IOException {
        origin.script(s -> Reply.ok("variant=" + (s.headers().contains("X-Variant") ? "b" : "a"),
                "Cache-Control", "max-age=600"));
        start(cookieExperiment(50, 50, null));
        Http.get(edge.port(), HOST, "/page", "Cookie", "exp_home=1");
        Http.get(edge.port(), HOST, "/page", "Cookie", "exp_home=9999");
        Http.Response purge = Http.request(HttpMethod.POST, edge.adminPort(), "a", "/purge",
                "{\"serviceId\":\"shop\",\"kind\":\"url\",\"values\":[\"http://shop.localhost/page\"]}",
                "Authorization", "Bearer secret", "Content-Type", "application/json");
        assertThat(purge.status()).as(purge.body()).isLessThan(300);
        assertThat(Http.get(edge.port(), HOST, "/page", "Cookie", "exp_home=1").header("X-Cache")).isEqualTo("MISS");
        assertThat(Http.get(edge.port(), HOST, "/page", "Cookie", "exp_home=9999").header("X-Cache"))
                .isEqualTo("MISS");
        assertThat(split(origin)).containsEntry("/page", 4L);
    }

    private static Map<String, Long> split(ScriptedOrigin o) {
        return o.seen().stream().collect(Collectors.groupingBy(s -> s.uri(), Collectors.counting()));
    }
}
