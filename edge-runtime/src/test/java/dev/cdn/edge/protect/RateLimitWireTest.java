package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.Protection;
import dev.cdn.config.RateLimit;
import dev.cdn.config.RateLimitKey;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.ScriptedOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Rate limits on real sockets, under a bounded burst sent all at once on a frozen clock: exactly the bucket's
 * capacity passes, the rest get 429 with Retry-After, and the bucket refills as the (mutable) clock moves.
 */
class RateLimitWireTest {

    static final String HOST = "limited.localhost";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
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

    void start(RateLimit... limits) throws Exception {
        ServiceConfig service = Configs.protect(Configs.service("limited", 1, HOST, origin.port()),
                new Protection(null, List.of(limits)));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0).adminToken("secret")
                .configFile(file).clock(clock).build());
    }

    /** Sends {@code n} requests at once and counts the answers by status. */
    Map<Integer, Integer> burst(int n, String path, String... headers) {
        Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        Map<String, Boolean> retryAfter = new ConcurrentHashMap<>();
        Flux.range(0, n).flatMap(i -> Http.getAsync(edge.port(), HOST, path, headers), n)
                .doOnNext(r -> {
                    counts.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (r.status() == 429) {
                        retryAfter.put(String.valueOf(r.header("Retry-After")), true);
                        assertThat(r.header("Cache-Status")).isEqualTo("edge-1; detail=rate-limit.exceeded; rule=\"per-client\"");
                    }
                })
                .blockLast(Duration.ofSeconds(30));
        Map<Integer, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        if (!retryAfter.isEmpty()) {
            assertThat(retryAfter.keySet()).containsExactly("1");
        }
        return out;
    }

    @Test
    void burstOfFifty_passesExactlyTheBucket_refusesTheRestWithRetryAfter_andRefillsWithTime() throws Exception {
        start(new RateLimit("per-client", List.of(), RateLimitKey.ADDRESS, null, 2, 10));

        assertThat(burst(50, "/a")).isEqualTo(Map.of(200, 10, 429, 40));
        assertThat(burst(5, "/a")).isEqualTo(Map.of(429, 5));

        clock.advance(Duration.ofMillis(500)); // two per second: one token back
        assertThat(burst(5, "/a")).isEqualTo(Map.of(200, 1, 429, 4));
        clock.advance(Duration.ofSeconds(60)); // long enough to fill the bucket, not more
        assertThat(burst(20, "/a")).isEqualTo(Map.of(200, 10, 429, 10));

        String scrape = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        assertThat(scrape).contains("edge_protection_refused_total{protection=\"rate-limit\",reason=\"exceeded\","
                + "rule=\"per-client\",service=\"limited\"} 59.0");
    }

    @Test
    void perHeaderLimit_givesEachValueItsOwnBucket() throws Exception {
        start(new RateLimit("per-client", List.of(), RateLimitKey.HEADER, "X-Api-Key", 1, 3));

        assertThat(burst(6, "/a", "X-Api-Key", "alice")).isEqualTo(Map.of(200, 3, 429, 3));
        assertThat(burst(6, "/a", "X-Api-Key", "bob")).isEqualTo(Map.of(200, 3, 429, 3));
        // Without the header, requests share one bucket: leaving it out is no way around the limit.
        assertThat(burst(6, "/a")).isEqualTo(Map.of(200, 3, 429, 3));
    }

    @Test
    void limitOnAGlob_leavesOtherPathsAlone() throws Exception {
        start(new RateLimit("per-client", List.of("/api/**"), RateLimitKey.ADDRESS, null, 1, 2));

        assertThat(burst(5, "/api/search")).isEqualTo(Map.of(200, 2, 429, 3));
        assertThat(burst(5, "/static/app.js")).isEqualTo(Map.of(200, 5));
    }
}
