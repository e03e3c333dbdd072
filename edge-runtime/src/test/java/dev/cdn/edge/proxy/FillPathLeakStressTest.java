package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.LeakRecorder;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The fill path under load, over real sockets, with every Netty buffer tracked (paranoid leak detection; the
 * Surefire execution for *LeakStressTest sets it): many concurrent readers of few keys, clients that leave mid-body,
 * purges landing mid-stream, and restarts of the edge on its disk tier. Bounded: {@link #ROUNDS} rounds of
 * {@link #REQUESTS} requests, within the timeout.
 *
 * <p>What must hold: every response that completes is one whole body the origin sent (no mixing, no truncation
 * passed off as complete); a request that starts after a purge was acknowledged never receives a version older
 * than the purge (the origin bumps a path's version before each purge of it); and no buffer leaks.
 */
class FillPathLeakStressTest {

    static final String HOST = "demo.localhost";
    static final int ROUNDS = 3;
    static final int REQUESTS = 300;
    static final int CONCURRENCY = 48;
    static final int KEYS = 6;

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    /** Per path: the version the origin serves now, and the newest version a purge acknowledged. */
    final Map<String, AtomicInteger> version = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> acked = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
    final AtomicInteger purges = new AtomicInteger();
    EdgeNode edge;

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    static String body(String path, int v) {
        String head = "v" + v + ":" + path + ":";
        return head + "x".repeat(24_000 - head.length());
    }

    EdgeNode start(Path config) {
        return EdgeNode.start(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-stress").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", 0).adminToken("secret").configFile(config)
                .diskDir(dir.resolve("disk")).diskBytes(64L * 1024 * 1024).lockTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    @Timeout(120)
    void manyReaders_cancellations_purgesMidStream_andRestarts_neverServePurgedContent_norLeak() throws Exception {
        assertThat(LeakRecorder.active()).as("run through the stress Surefire execution (paranoid leak detection)")
                .isTrue();
        // Half of each body now, the rest a few milliseconds later: purges and cancellations land mid-stream.
        origin.script(s -> {
            String path = s.uri();
            int v = version.computeIfAbsent(path, p -> new AtomicInteger()).get();
            return Reply.ok(body(path, v), "Cache-Control", "max-age=600")
                    .split(Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 15))));
        });
        Path config = dir.resolve("edge.json");
        Files.write(config, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST, origin.port())))));

        for (int round = 0; round < ROUNDS; round++) {
            edge = start(config); // from the second round on: a restart on the same disk tier
            Flux.range(0, REQUESTS)
                    .flatMap(i -> i % 25 == 0 ? purge("/k" + ThreadLocalRandom.current().nextInt(KEYS)) : request(i),
                            CONCURRENCY)
                    .blockLast(Duration.ofSeconds(60));
            edge.close();
            edge = null;
        }

        System.out.printf("fill-path stress: %d completed and checked, %d cancelled, %d purges acknowledged%n",
                completed.get(), cancelled.get(), purges.get());
        assertThat(violations).isEmpty();
        assertThat(completed.get()).as("completed responses").isGreaterThan(ROUNDS * REQUESTS / 2);
        assertThat(cancelled.get()).as("cancelled responses").isPositive();
        assertThat(purges.get()).isEqualTo(ROUNDS * REQUESTS / 25);
        assertThat(awaitLeakReports()).as("Netty buffers leaked").isEmpty();
    }

    /** One client request: a fifth leave after the first chunk; the rest read to the end and are checked. */
    Mono<Void> request(int i) {
        String path = "/k" + (i % KEYS);
        int floor = acked.computeIfAbsent(path, p -> new AtomicInteger()).get();
        boolean leave = ThreadLocalRandom.current().nextInt(5) == 0;
        java.util.concurrent.atomic.AtomicReference<String> status = new java.util.concurrent.atomic.AtomicReference<>();
        Flux<byte[]> content = HttpClient.create().headers(h -> h.set("Host", HOST))
                .doOnResponse((r, c) -> status.set(r.responseHeaders().get("Cache-Status")))
                .get().uri("http://127.0.0.1:" + edge.port() + path)
                .responseContent().asByteArray();
        if (leave) {
            return content.take(1).doOnComplete(cancelled::incrementAndGet).then().onErrorResume(e -> Mono.empty());
        }
        return content.reduce(new StringBuilder(), (sb, b) -> sb.append(new String(b, StandardCharsets.UTF_8)))
                .doOnNext(sb -> check(path, floor, sb.toString(), status.get()))
                .then()
                .onErrorResume(e -> {
                    violations.add(path + ": request failed: " + e);
                    return Mono.empty();
                });
    }

    void check(String path, int floor, String got, String cacheStatus) {
        completed.incrementAndGet();
        int colon = got.indexOf(':');
        int v;
        try {
            v = Integer.parseInt(got.substring(1, colon));
        } catch (RuntimeException e) {
            violations.add(path + ": not a body the origin sent: " + got.substring(0, Math.min(40, got.length())));
            return;
        }
        if (!got.equals(body(path, v))) {
            violations.add(path + ": body of v" + v + " mixed or cut (" + got.length() + " chars)");
        }
        if (v < floor) {
            violations.add(path + ": v" + v + " served to a request that started after the purge of v" + floor
                    + " was acknowledged (Cache-Status: " + cacheStatus + ")");
        }
    }

    /** Bumps the path's version at the origin, purges it, and records the acknowledged version. */
    Mono<Void> purge(String path) {
        return Mono.fromRunnable(() -> {
            int v = version.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Http.Response r = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                    "{\"serviceId\":\"demo\",\"kind\":\"url\",\"values\":[\"http://" + HOST + path + "\"]}",
                    "Authorization", "Bearer secret", "Content-Type", "application/json");
            if (r.status() != 200) {
                violations.add(path + ": purge answered " + r.status());
                return;
            }
            acked.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(v, Math::max);
            purges.incrementAndGet();
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /**
     * Netty reports a leak when it next tracks a buffer after the leaked one was collected: collect, then allocate
     * and release buffers until the reports settle (bounded).
     */
    static List<String> awaitLeakReports() {
        for (int i = 0; i < 10; i++) {
            System.gc();
            System.runFinalization();
            for (int j = 0; j < 100; j++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
                b.release();
            }
        }
        return LeakRecorder.leaks();
    }
}
