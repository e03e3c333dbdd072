package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.RawOrigin;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.upstream.HealthSettings;
import dev.cdn.edge.upstream.ShieldDownPolicy;
import dev.cdn.edge.upstream.UpstreamTimeouts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge whose shield freezes: a raw socket that accepts and reads the request, then never answers (as a SIGSTOPped
 * process does once the kernel accepted the connection). Times are measured as bounds, never as exact values.
 */
@Tag("fault")
class FrozenUpstreamWireTest {

    static final String HOST = "demo.localhost";
    static final String DIRECT = "direct.localhost";

    @TempDir
    Path dir;
    final AtomicBoolean frozen = new AtomicBoolean();
    final CountDownLatch thaw = new CountDownLatch(1);
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RawOrigin shield;
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        shield = new RawOrigin(r -> {
            if (frozen.get()) {
                try {
                    thaw.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return RawOrigin.Answer.keepOpen("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                    + "Cache-Control: max-age=60, stale-if-error=600\r\n\r\nhello");
        });
        origin = new ScriptedOrigin();
        // The origin's own timeouts are the config defaults (5 s connect, 30 s read): the edge's caps must win.
        Origin o = new Origin("o1", "127.0.0.1", origin.port(), false, null, null, null, null, null, null);
        CacheRule all = new CacheRule("all", null, null, null, false, null, false, null, null, null, null,
                List.of("Accept-Encoding"), null, null, null, false, null, null);
        ServiceConfig svc = new ServiceConfig("demo", "tenant-1", "demo", 1, List.of(HOST), List.of(o), List.of(all),
                new ServiceSettings(null, true, List.of(), null));
        ServiceConfig direct = new ServiceConfig("direct", "tenant-1", "direct", 1, List.of(DIRECT), List.of(o),
                List.of(all), new ServiceSettings(null, false, List.of(), null));
        Files.write(dir.resolve("edge.json"), ConfigCodec.writeBytes(new EdgeConfig(List.of(svc, direct))));
    }

    @AfterEach
    void tearDown() throws Exception {
        thaw.countDown();
        if (edge != null) {
            edge.close();
        }
        shield.close();
        origin.close();
    }

    void startEdge(UpstreamTimeouts timeouts, ShieldDownPolicy policy) {
        edge = EdgeNode.start(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("t").configFile(dir.resolve("edge.json"))
                .shield(URI.create("http://127.0.0.1:" + shield.port()))
                .health(HealthSettings.builder().failuresToEject(1).ejectFor(Duration.ofSeconds(30)).build())
                .upstreamTimeouts(timeouts).shieldDown(policy).clock(clock).build());
    }

    /** A response and how long it took; a request that failed on the client's side has a null response. */
    record Timed(Http.Response response, Duration took) {
    }

    Timed get(String path) {
        return get(HOST, path);
    }

    Timed get(String host, String path) {
        long start = System.nanoTime();
        Http.Response r;
        try {
            r = Http.get(edge.port(), host, path);
        } catch (RuntimeException e) {
            r = null; // the test client gave up (10 s): the bound below names the time
        }
        return new Timed(r, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void coldUrl_behindAFrozenShield_gets504WithinTheFirstByteBound() {
        startEdge(UpstreamTimeouts.DEFAULTS.withConnect(Duration.ofMillis(500)).withFirstByte(Duration.ofSeconds(1)),
                ShieldDownPolicy.FAIL);
        frozen.set(true);
        Timed t = get("/cold");
        // The hop to a shield is bounded by connect + first byte (1.5 s); 6 s leaves room for a busy machine and a
        // cold JVM, and is still far below the 30 s the origin's default readTimeoutMs would allow.
        assertThat(t.took()).isLessThan(Duration.ofSeconds(6));
        assertThat(t.response()).isNotNull();
        assertThat(t.response().status()).isEqualTo(504);
        assertThat(t.response().header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void staleIfErrorObject_behindAFrozenShield_isServedStale_withinTheShortDeadline() {
        // A cold request may wait 20 s; one with a stale copy at hand only 300 ms.
        startEdge(UpstreamTimeouts.DEFAULTS.withFirstByte(Duration.ofSeconds(20))
                .withStaleIfErrorFirstByte(Duration.ofMillis(300)), ShieldDownPolicy.FAIL);
        assertThat(get("/page").response().header("X-Cache")).isEqualTo("MISS");
        clock.advance(Duration.ofSeconds(61));
        frozen.set(true);
        Timed t = get("/page");
        assertThat(t.took()).isLessThan(Duration.ofSeconds(3));
        assertThat(t.response()).isNotNull();
        assertThat(t.response().status()).isEqualTo(200);
        assertThat(t.response().body()).isEqualTo("hello");
        assertThat(t.response().header("X-Cache")).isEqualTo("STALE");
        assertThat(t.response().header("Cache-Status")).startsWith("edge-1; hit; detail=stale-if-error");
    }

    @Test
    void frozenShield_markedDown_failsTheNextMissAtOnce_whenShieldDownIsFail() {
        startEdge(UpstreamTimeouts.DEFAULTS.withConnect(Duration.ofMillis(500)).withFirstByte(Duration.ofSeconds(1)),
                ShieldDownPolicy.FAIL);
        frozen.set(true);
        assertThat(get("/a").response().status()).isEqualTo(504);
        Timed next = get("/b");
        // Well under the 1.5 s hop bound: the shield is not tried while it is down.
        assertThat(next.took()).isLessThan(Duration.ofMillis(1000));
        assertThat(next.response().status()).isEqualTo(504);
        assertThat(origin.count()).isZero();
        assertThat(shield.requests()).hasSize(1);
    }

    @Test
    void frozenShield_markedDown_sendsMissesToTheOriginDirectly_whenShieldDownIsOrigin() {
        startEdge(UpstreamTimeouts.DEFAULTS.withConnect(Duration.ofMillis(500)).withFirstByte(Duration.ofSeconds(1)),
                ShieldDownPolicy.ORIGIN);
        frozen.set(true);
        assertThat(get("/a").response().status()).isEqualTo(504);
        Timed next = get("/b");
        assertThat(next.took()).isLessThan(Duration.ofMillis(1000));
        assertThat(next.response().status()).isEqualTo(200);
        assertThat(next.response().body()).isEqualTo("hello");
        assertThat(origin.count("/b")).isEqualTo(1);
        assertThat(shield.requests()).hasSize(1);
    }

    @Test
    void shieldBackAfterItsEjection_takesTheMissesAgain() {
        startEdge(UpstreamTimeouts.DEFAULTS.withConnect(Duration.ofMillis(500)).withFirstByte(Duration.ofSeconds(1)),
                ShieldDownPolicy.FAIL);
        frozen.set(true);
        assertThat(get("/a").response().status()).isEqualTo(504);
        frozen.set(false);
        thaw.countDown();
        clock.advance(Duration.ofSeconds(31));
        Http.Response r = get("/c").response();
        assertThat(r.status()).isEqualTo(200);
        assertThat(origin.count()).isZero();
    }

    @Test
    void originStallingMidBody_endsTheFillWithinTheIdleBound_andNothingIsStored() {
        startEdge(UpstreamTimeouts.DEFAULTS.withIdle(Duration.ofMillis(500)), ShieldDownPolicy.FAIL);
        origin.script(s -> ScriptedOrigin.Reply.ok("0123456789".repeat(100), "Cache-Control", "max-age=60")
                .split(reactor.core.publisher.Mono.never()));
        Timed cut = get(DIRECT, "/stalls");
        // Half the body came, then silence: the client's response ends (cut short) instead of waiting forever.
        assertThat(cut.took()).isLessThan(Duration.ofSeconds(4));
        assertThat(cut.response() == null || cut.response().body().length() < 1000).isTrue();
        origin.script(s -> ScriptedOrigin.Reply.ok("whole", "Cache-Control", "max-age=60"));
        Http.Response again = get(DIRECT, "/stalls").response();
        assertThat(again.header("X-Cache")).isEqualTo("MISS");
        assertThat(again.body()).isEqualTo("whole");
    }
}
