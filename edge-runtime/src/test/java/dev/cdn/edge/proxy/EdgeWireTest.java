package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

class EdgeWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

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

    void start(ServiceConfig... services) throws IOException {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(services))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("secret").configFile(file).clock(clock)
                .lockTimeout(Duration.ofSeconds(5)).build());
    }

    void start() throws IOException {
        start(Configs.service("demo", 1, HOST, origin.port()));
    }

    Http.Response get(String path, String... headers) {
        return Http.get(edge.port(), HOST, path, headers);
    }

    void script(Function<ScriptedOrigin.Seen, Reply> s) {
        origin.script(s);
    }

    @Test
    void missThenHit_withoutReachingOrigin() throws IOException {
        start();
        Http.Response first = get("/a");
        Http.Response second = get("/a");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("hello");
        assertThat(first.header("X-Cache")).isEqualTo("MISS");
        assertThat(first.header("Cache-Status")).isEqualTo("edge-1; fwd=uri-miss; fwd-status=200");
        assertThat(second.header("X-Cache")).isEqualTo("HIT");
        assertThat(second.header("Cache-Status")).isEqualTo("edge-1; hit; ttl=60");
        assertThat(second.header("Age")).isEqualTo("0");
        assertThat(second.header("Via")).isEqualTo("1.1 edge-1");
        assertThat(second.body()).isEqualTo("hello");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void unknownHost_is404_andOriginNeverContacted() throws IOException {
        start();
        Http.Response r = Http.get(edge.port(), "other.example", "/a");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("no service");
        assertThat(origin.count()).isZero();
    }

    @Test
    void hostRouting_ignoresCaseAndPort() throws IOException {
        start();
        get("/a");
        Http.Response r = Http.get(edge.port(), "DEMO.localhost:8080", "/a");
        assertThat(r.header("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void concurrentColdMisses_makeExactlyOneUpstreamRequest() throws IOException {
        script(s -> Reply.ok("slow", "Cache-Control", "max-age=60").delayed(Duration.ofMillis(300)));
        start();
        List<Http.Response> all = Flux.range(0, 100)
                .flatMap(i -> Http.getAsync(edge.port(), HOST, "/cold"), 100)
                .collectList().block(Duration.ofSeconds(20));
        assertThat(all).hasSize(100).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("slow");
        });
        assertThat(origin.count("/cold")).isEqualTo(1);
        assertThat(all.stream().filter(r -> r.header("Cache-Status").contains("collapsed")).count()).isGreaterThan(0);
    }

    @Test
    void coalescedWaiters_sendTheResponsesAge_likeTheRequestThatFetchedIt() throws IOException {
        script(s -> Reply.ok("aged", "Cache-Control", "max-age=60", "Age", "30").delayed(Duration.ofMillis(300)));
        start();
        List<Http.Response> all = Flux.range(0, 20)
                .flatMap(i -> Http.getAsync(edge.port(), HOST, "/aged-cold"), 20)
                .collectList().block(Duration.ofSeconds(20));
        assertThat(origin.count("/aged-cold")).isEqualTo(1);
        assertThat(all).hasSize(20).allSatisfy(r -> assertThat(r.header("Age")).as(r.header("Cache-Status"))
                .isEqualTo("30"));
    }

    @Test
    void uncacheableResponse_marksHitForMiss_soLaterRequestsGoStraightUpstream() throws IOException {
        script(s -> Reply.ok("private", "Cache-Control", "private"));
        start();
        Http.Response first = get("/p");
        Http.Response second = get("/p");
        assertThat(first.header("Cache-Status")).contains("detail=private");
        assertThat(second.header("X-Cache")).isEqualTo("MISS");
        assertThat(origin.count("/p")).isEqualTo(2);
    }

    @Test
    void expiredObject_isRefetched_asExpired() throws IOException {
        script(s -> Reply.ok("v", "Cache-Control", "max-age=10"));
        start();
        get("/e");
        clock.advance(Duration.ofSeconds(11));
        Http.Response r = get("/e");
        assertThat(r.header("X-Cache")).isEqualTo("EXPIRED");
        assertThat(origin.count("/e")).isEqualTo(2);
    }

    @Test
    void etagRevalidation_304RefreshesTheObject() throws IOException {
        script(s -> "\"v1\"".equals(s.headers().get("If-None-Match"))
                ? Reply.of(304, "", "Cache-Control", "max-age=10", "ETag", "\"v1\"")
                : Reply.ok("body", "Cache-Control", "max-age=10", "ETag", "\"v1\""));
        start();
        get("/r");
        clock.advance(Duration.ofSeconds(11));
        Http.Response r = get("/r");
        assertThat(r.header("X-Cache")).isEqualTo("REVALIDATED");
        assertThat(r.body()).isEqualTo("body");
        Http.Response hit = get("/r");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(origin.count("/r")).isEqualTo(2);
    }

    @Test
    void a304ThatForbidsStoring_servesTheBodyOnce_andTakesTheObjectOutOfTheCache() throws IOException {
        script(s -> "\"v1\"".equals(s.headers().get("If-None-Match"))
                ? Reply.of(304, "", "Cache-Control", "no-store", "ETag", "\"v1\"")
                : Reply.ok("body", "Cache-Control", "max-age=10", "ETag", "\"v1\""));
        start();
        get("/gone");
        clock.advance(Duration.ofSeconds(11));
        Http.Response r = get("/gone");
        assertThat(r.body()).isEqualTo("body");
        assertThat(origin.count("/gone")).isEqualTo(2);
        Http.Response next = get("/gone");
        assertThat(next.header("X-Cache")).isNotIn("HIT", "REVALIDATED");
        assertThat(origin.count("/gone")).isEqualTo(3);
    }

    @Test
    void a304ThatMakesTheObjectPrivate_isNotHandedToTheRequestsWaitingOnTheRevalidation() throws Exception {
        Sinks.Empty<Void> release = Sinks.empty();
        AtomicInteger conditionals = new AtomicInteger();
        script(s -> {
            if (!"\"v1\"".equals(s.headers().get("If-None-Match"))) {
                return Reply.ok("shared", "Cache-Control", "public, max-age=10", "ETag", "\"v1\"");
            }
            int n = conditionals.incrementAndGet();
            Reply mine = Reply.of(304, "", "Cache-Control", "private", "ETag", "\"v1\"", "Set-Cookie", "sid=" + n);
            return n == 1 ? mine.held(release.asMono()) : mine;
        });
        start();
        get("/shared");
        clock.advance(Duration.ofSeconds(11));
        CompletableFuture<Http.Response> writer = Http.getAsync(edge.port(), HOST, "/shared").toFuture();
        dev.cdn.edge.support.Await.until(() -> conditionals.get() == 1);
        CompletableFuture<Http.Response> waiter = Http.getAsync(edge.port(), HOST, "/shared").toFuture();
        Thread.sleep(300); // the second request joins the revalidation in flight
        release.tryEmitEmpty();
        assertThat(writer.get(10, TimeUnit.SECONDS).header("Set-Cookie")).isEqualTo("sid=1");
        Http.Response other = waiter.get(10, TimeUnit.SECONDS);
        assertThat(other.body()).isEqualTo("shared");
        assertThat(other.header("Set-Cookie")).as("another client's session").isNotEqualTo("sid=1");
        assertThat(conditionals.get()).as("the waiter revalidated for itself").isEqualTo(2);
    }

    @Test
    void a304WithoutDate_restartsTheObjectsAge_fromWhenItArrived() throws IOException {
        // RFC 9110 6.6.1: a response without Date is dated when it is received, so the stored Date of the first
        // answer does not make the refreshed object as old as the time since then.
        script(s -> "\"v1\"".equals(s.headers().get("If-None-Match"))
                ? Reply.of(304, "", "Cache-Control", "max-age=10", "ETag", "\"v1\"")
                : Reply.ok("body", "Cache-Control", "max-age=10", "ETag", "\"v1\"",
                        "Date", dev.cdn.edge.policy.HttpDates.format(clock.millis())));
        start();
        get("/dated");
        clock.advance(Duration.ofSeconds(11));
        assertThat(get("/dated").header("X-Cache")).isEqualTo("REVALIDATED");
        Http.Response hit = get("/dated");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.header("Age")).isEqualTo("0");
        assertThat(origin.count("/dated")).isEqualTo(2);
    }

    @Test
    void a304sAge_countsInTheRefreshedObjectsAge() throws IOException {
        script(s -> "\"v1\"".equals(s.headers().get("If-None-Match"))
                ? Reply.of(304, "", "Cache-Control", "max-age=10", "ETag", "\"v1\"", "Age", "4")
                : Reply.ok("body", "Cache-Control", "max-age=10", "ETag", "\"v1\""));
        start();
        get("/aged");
        clock.advance(Duration.ofSeconds(11));
        get("/aged");
        Http.Response hit = get("/aged");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.header("Age")).isEqualTo("4");
    }

    @Test
    void staleWhileRevalidate_servesStale_andRevalidatesOnceInBackground() throws Exception {
        script(s -> Reply.ok("v" + origin.count(), "Cache-Control", "max-age=10, stale-while-revalidate=60"));
        start();
        get("/swr");
        clock.advance(Duration.ofSeconds(20));
        Http.Response stale = get("/swr");
        assertThat(stale.header("X-Cache")).isEqualTo("UPDATING");
        assertThat(stale.body()).isEqualTo("v1");
        dev.cdn.edge.support.Await.until(() -> origin.count("/swr") == 2);
        dev.cdn.edge.support.Await.until(() -> "v2".equals(get("/swr").body()));
        assertThat(origin.count("/swr")).isEqualTo(2);
    }

    @Test
    void staleIfError_servesStaleWhenOriginFails() throws IOException {
        script(s -> origin.count() == 1 ? Reply.ok("good", "Cache-Control", "max-age=10, stale-if-error=60")
                : Reply.of(503, "down"));
        start();
        get("/sie");
        clock.advance(Duration.ofSeconds(20));
        Http.Response r = get("/sie");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Cache")).isEqualTo("STALE");
        assertThat(r.body()).isEqualTo("good");
    }

    @Test
    void originRefusesConnection_is502_andNothingStored() throws IOException {
        int deadPort = origin.port();
        origin.close();
        start(Configs.service("demo", 1, HOST, deadPort));
        Http.Response r = get("/x");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.header("X-Cache")).isEqualTo("MISS");
        origin = new ScriptedOrigin();
    }

    @Test
    void originTooSlow_is504() throws IOException {
        script(s -> Reply.ok("late").delayed(Duration.ofSeconds(5)));
        start(); // the test origin's read timeout is 2 s
        Http.Response r = get("/slow");
        assertThat(r.status()).isEqualTo(504);
    }

    @Test
    void cdnLoopWithOurNodeId_is508() throws IOException {
        start();
        Http.Response r = get("/a", "CDN-Loop", "other, edge-1; v=1");
        assertThat(r.status()).isEqualTo(508);
        assertThat(origin.count()).isZero();
    }

    @Test
    void upstreamRequest_carriesCdnLoop_andNoHopByHopHeaders() throws IOException {
        start();
        get("/h", "CDN-Loop", "far-away", "Connection", "keep-alive, X-Secret", "X-Secret", "1", "Proxy-Authorization", "x");
        ScriptedOrigin.Seen seen = origin.last();
        assertThat(seen.headers().get("CDN-Loop")).isEqualTo("far-away, edge-1");
        assertThat(seen.headers().contains("X-Secret")).isFalse();
        assertThat(seen.headers().contains("Proxy-Authorization")).isFalse();
    }

    @Test
    void cdnTargetedHeaders_decideTtl_andAreStrippedBeforeClient() throws IOException {
        script(s -> Reply.ok("t", "Cache-Control", "no-cache", "CDN-Cache-Control", "max-age=100",
                "Surrogate-Key", "a b", "Cache-Tag", "c,d"));
        start();
        Http.Response miss = get("/t");
        Http.Response hit = get("/t");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        for (Http.Response r : List.of(miss, hit)) {
            assertThat(r.headers().contains("CDN-Cache-Control")).isFalse();
            assertThat(r.headers().contains("Surrogate-Key")).isFalse();
            assertThat(r.headers().contains("Cache-Tag")).isFalse();
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        }
    }

    @Test
    void varyAcceptEncoding_storesOneVariantPerNormalizedCoding() throws IOException {
        script(s -> Reply.ok("enc=" + s.headers().get("Accept-Encoding"), "Cache-Control", "max-age=60", "Vary", "Accept-Encoding"));
        start();
        assertThat(get("/v", "Accept-Encoding", "gzip, deflate").body()).isEqualTo("enc=gzip");
        assertThat(get("/v", "Accept-Encoding", "br, gzip").body()).isEqualTo("enc=br");
        Http.Response gz = get("/v", "Accept-Encoding", "deflate, gzip;q=0.5");
        assertThat(gz.header("X-Cache")).isEqualTo("HIT");
        assertThat(gz.body()).isEqualTo("enc=gzip");
        assertThat(origin.count("/v")).isEqualTo(2);
    }

    @Test
    void varyStar_isNeverStored() throws IOException {
        script(s -> Reply.ok("x", "Cache-Control", "max-age=60", "Vary", "*"));
        start();
        get("/star");
        get("/star");
        assertThat(origin.count("/star")).isEqualTo(2);
    }

    @Test
    void keyNormalization_sharesOneObjectAcrossSpellings() throws IOException {
        start();
        get("/a/b?y=2&x=1");
        Http.Response r = get("//a/./c/../b?x=1&y=2");
        assertThat(r.header("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void post_passesThrough_andInvalidatesTheUrl() throws IOException {
        start();
        get("/form");
        Http.Response post = Http.request(HttpMethod.POST, edge.port(), HOST, "/form", "a=1");
        assertThat(post.header("X-Cache")).isEqualTo("BYPASS");
        assertThat(origin.last().method()).isEqualTo("POST");
        assertThat(get("/form").header("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void bypassRule_neverStores() throws IOException {
        CacheRule bypass = new CacheRule("api", new dev.cdn.config.RuleMatch("/api/", null, null, null), null, null,
                true, null, false, null, null, null, null, null, null, null, null, false, null, null);
        start(Configs.service("demo", 1, HOST, origin.port(), bypass));
        get("/api/x");
        Http.Response r = get("/api/x");
        assertThat(r.header("X-Cache")).isEqualTo("BYPASS");
        assertThat(origin.count("/api/x")).isEqualTo(2);
    }

    @Test
    void bodyLargerThanMaxObjectBytes_streamsThroughUncached() throws IOException {
        String big = "x".repeat(5000);
        script(s -> Reply.ok(big, "Cache-Control", "max-age=60"));
        ServiceConfig svc = Configs.service("demo", 1, HOST, origin.port());
        svc = new ServiceConfig(svc.id(), svc.tenantId(), svc.name(), 1, svc.domains(), svc.origins(), svc.rules(),
                new dev.cdn.config.ServiceSettings(null, false, List.of(), 1000L));
        start(svc);
        Http.Response first = get("/big");
        Http.Response second = get("/big");
        assertThat(first.body()).isEqualTo(big);
        assertThat(second.body()).isEqualTo(big);
        assertThat(second.header("X-Cache")).isEqualTo("MISS");
        assertThat(origin.count("/big")).isEqualTo(2);
    }

    @Test
    void chunkedBodyLargerThanMaxObjectBytes_streamsThroughUncached() throws IOException {
        String big = "y".repeat(5000);
        script(s -> Reply.ok(big, "Cache-Control", "max-age=60", "Transfer-Encoding", "chunked"));
        ServiceConfig svc = Configs.service("demo", 1, HOST, origin.port());
        svc = new ServiceConfig(svc.id(), svc.tenantId(), svc.name(), 1, svc.domains(), svc.origins(), svc.rules(),
                new dev.cdn.config.ServiceSettings(null, false, List.of(), 1000L));
        start(svc);
        assertThat(get("/big").body()).isEqualTo(big);
        assertThat(get("/big").body()).isEqualTo(big);
        assertThat(origin.count("/big")).isEqualTo(2);
    }

    @Test
    void clientConditional_gets304FromCache() throws IOException {
        script(s -> Reply.ok("c", "Cache-Control", "max-age=60", "ETag", "\"e1\""));
        start();
        get("/c");
        Http.Response r = get("/c", "If-None-Match", "W/\"e1\"");
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.header("X-Cache")).isEqualTo("HIT");
        assertThat(origin.count("/c")).isEqualTo(1);
    }

    @Test
    void headFromStoredGet_hasHeadersOnly() throws IOException {
        start();
        get("/hd");
        Http.Response r = Http.request(HttpMethod.HEAD, edge.port(), HOST, "/hd", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Cache")).isEqualTo("HIT");
        assertThat(r.header("Content-Length")).isEqualTo("5");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void rangeFromStoredObject_is206() throws IOException {
        script(s -> Reply.ok("0123456789", "Cache-Control", "max-age=60"));
        start();
        get("/rg");
        Http.Response r = get("/rg", "Range", "bytes=2-4");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.body()).isEqualTo("234");
        assertThat(r.header("Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(get("/rg", "Range", "bytes=20-").status()).isEqualTo(416);
    }

    @Test
    void ifRange_servesTheRangeOnlyForAStrongMatch_elseTheWholeObject() throws IOException {
        // RFC 9110 13.1.5: If-Range compares entity tags strongly; a weak one never lets a range be served.
        script(s -> s.uri().equals("/weak")
                ? Reply.ok("0123456789", "Cache-Control", "max-age=60", "ETag", "W/\"w\"")
                : Reply.ok("0123456789", "Cache-Control", "max-age=60", "ETag", "\"s\""));
        start();
        get("/weak");
        get("/strong");
        Http.Response weak = get("/weak", "Range", "bytes=2-4", "If-Range", "W/\"w\"");
        assertThat(weak.status()).isEqualTo(200);
        assertThat(weak.body()).isEqualTo("0123456789");
        assertThat(get("/strong", "Range", "bytes=2-4", "If-Range", "\"s\"").status()).isEqualTo(206);
        Http.Response changed = get("/strong", "Range", "bytes=2-4", "If-Range", "\"other\"");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("0123456789");
    }

    @Test
    void authorization_isNotServedFromCache_unlessPublic() throws IOException {
        start();
        get("/auth");
        Http.Response r = get("/auth", "Authorization", "Bearer x");
        assertThat(r.header("X-Cache")).isEqualTo("BYPASS");
        assertThat(origin.count("/auth")).isEqualTo(2);
    }

    @Test
    void purgeByUrl_throughAdmin_makesNextRequestMiss() throws IOException {
        start();
        get("/p1?b=2&a=1", "Accept-Encoding", "gzip");
        get("/p1?a=1&b=2", "Accept-Encoding", "br");
        Http.Response purge = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"url\",\"values\":[\"http://DEMO.localhost/p1?a=1&b=2\"]}",
                "Authorization", "Bearer secret", "Content-Type", "application/json");
        assertThat(purge.status()).isEqualTo(200);
        assertThat(purge.body()).contains("\"count\":1");
        assertThat(get("/p1?a=1&b=2").header("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void purgeByTag_andSoftPurge() throws IOException {
        script(s -> Reply.ok("t", "Cache-Control", "max-age=60", "Surrogate-Key", "product-" + s.uri().substring(1)));
        start();
        get("/1");
        get("/2");
        Http.Response purge = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"tag\",\"values\":[\"product-1\"],\"soft\":true}",
                "Authorization", "Bearer secret");
        assertThat(purge.body()).contains("\"count\":1");
        assertThat(get("/1").header("X-Cache")).isEqualTo("EXPIRED");
        assertThat(get("/2").header("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void purgeRacingAnInFlightFill_doesNotStoreTheOldResponse() throws Exception {
        script(s -> Reply.ok("old", "Cache-Control", "max-age=60").delayed(Duration.ofMillis(400)));
        start();
        var inflight = Http.getAsync(edge.port(), HOST, "/race").toFuture();
        dev.cdn.edge.support.Await.until(() -> origin.count("/race") == 1);
        Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"all\"}", "Authorization", "Bearer secret");
        assertThat(inflight.get().body()).isEqualTo("old");
        script(s -> Reply.ok("new", "Cache-Control", "max-age=60"));
        assertThat(get("/race").body()).isEqualTo("new");
    }

    @Test
    void admin_requiresToken_exceptHealthz() throws Exception {
        start();
        assertThat(Http.get(edge.adminPort(), "a", "/healthz").body()).isEqualTo("ok\n");
        assertThat(Http.get(edge.adminPort(), "a", "/metrics").status()).isEqualTo(401);
        assertThat(Http.get(edge.adminPort(), "a", "/config", "Authorization", "Bearer wrong").status()).isEqualTo(401);
        get("/m");
        // The request is counted when its exchange completes on the server, which may trail the client's read.
        dev.cdn.edge.support.Await.until(() -> Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret")
                .body().contains("edge_requests_total"));
        Http.Response metrics = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret");
        assertThat(metrics.body()).contains("edge_requests_total").contains("cache_status=\"miss\"")
                .contains("edge_store_bytes");
        Http.Response config = Http.get(edge.adminPort(), "a", "/config", "Authorization", "Bearer secret");
        assertThat(config.body()).contains("\"id\":\"demo\"").contains("\"version\":1");
        Http.Response bad = Http.request(HttpMethod.POST, edge.adminPort(), "a", "/purge", "{\"kind\":\"url\"}",
                "Authorization", "Bearer secret");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("serviceId");
    }

    @Test
    void acceptLanguage_isNormalizedToTheServiceLanguages_beforeKeying() throws IOException {
        script(s -> Reply.ok("lang=" + s.headers().get("Accept-Language"), "Cache-Control", "max-age=60",
                "Vary", "Accept-Language"));
        CacheRule rule = new CacheRule("all", null, null, null, false, null, false, null, null, null, null,
                List.of("Accept-Language"), null, null, null, false, null, null);
        ServiceConfig svc = Configs.service("demo", 1, HOST, origin.port(), rule);
        svc = new ServiceConfig(svc.id(), svc.tenantId(), svc.name(), 1, svc.domains(), svc.origins(), svc.rules(),
                new dev.cdn.config.ServiceSettings(null, false, List.of("en", "de"), null));
        start(svc);
        assertThat(get("/l", "Accept-Language", "de-CH, en;q=0.5").header("X-Cache")).isEqualTo("MISS");
        Http.Response de = get("/l", "Accept-Language", "de");
        assertThat(de.header("X-Cache")).isEqualTo("HIT");
        assertThat(get("/l", "Accept-Language", "ja").header("X-Cache")).isEqualTo("MISS");
        Http.Response fallback = get("/l");
        assertThat(fallback.header("X-Cache")).isEqualTo("HIT");
        assertThat(fallback.body()).isEqualTo("lang=en");
        assertThat(de.body()).isEqualTo("lang=de");
        assertThat(origin.count("/l")).isEqualTo(2);
    }
}
