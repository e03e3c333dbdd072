package dev.cdn.edge.proxy;

import static dev.cdn.edge.support.Await.until;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * One fill's lifecycle under load, over real sockets, with every Netty buffer tracked (paranoid leak detection; the
 * Surefire execution for *LeakStressTest sets it). Each burst sends {@link #READERS} concurrent requests for one
 * cold key, so they coalesce on one fill: a fifth leave after the first chunk, a fifth read slowly, the rest read
 * at once; the origin sends half the body, then the rest a few milliseconds later, or (one fill in four) resets the
 * connection instead; some bursts have the key purged mid-stream.
 *
 * <p>What must hold: every response a reader finishes is one whole body the origin sent, or the edge's own 502
 * (a reader that joined a fill already failed); a reader cut off mid-body sees the connection close, never a short
 * body passed off as complete; every writer's lease is released exactly once (the edge's lease counters agree and
 * no fill stays in flight); nothing half-stored (each key, asked again, is a whole body); and no buffer leaks.
 */
class FillLifecycleLeakStressTest {

    static final String HOST = "demo.localhost";
    static final int BURSTS = 18;
    static final int READERS = 32;
    static final int BODY = 40_000;

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final Map<String, AtomicInteger> version = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger whole = new AtomicInteger();
    final AtomicInteger failedAnswers = new AtomicInteger();
    final AtomicInteger cutOff = new AtomicInteger();
    final AtomicInteger left = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();
    volatile boolean resetting = true;
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
        return head + "x".repeat(BODY - head.length());
    }

    @Test
    @Timeout(120)
    void manyReadersOfOneFill_leavingSlowPurgedAndReset_endEveryFillOnce_storeWholeBodies_andLeakNothing()
            throws Exception {
        assertThat(LeakRecorder.active()).as("run through the stress Surefire execution (paranoid leak detection)")
                .isTrue();
        origin.script(s -> {
            String path = s.uri();
            int v = version.computeIfAbsent(path, p -> new AtomicInteger()).get();
            Mono<Long> rest = Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(2, 20)));
            boolean reset = resetting && ThreadLocalRandom.current().nextInt(4) == 0;
            if (reset) {
                resets.incrementAndGet();
            }
            // A reset: the origin closes the connection after half the body (its Content-Length unmet).
            return Reply.ok(body(path, v), "Cache-Control", "max-age=600")
                    .split(reset ? rest.then(Mono.error(new IllegalStateException("origin reset"))) : rest);
        });
        Path config = dir.resolve("edge.json");
        Files.write(config, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST, origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-fill")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("secret").configFile(config)
                .lockTimeout(Duration.ofSeconds(5)).build());

        for (int burst = 0; burst < BURSTS; burst++) {
            String path = "/f" + burst;
            boolean purgeMidStream = burst % 3 == 0;
            Flux<Void> readers = Flux.range(0, READERS).flatMap(i -> read(path, i), READERS);
            Mono<Void> purge = purgeMidStream ? Mono.delay(Duration.ofMillis(3)).then(purge(path)) : Mono.empty();
            Flux.merge(readers, purge).blockLast(Duration.ofSeconds(30));
        }

        // Every fill has ended: the counters meet and nothing stays joinable.
        until(() -> metric("edge_fill_leases_taken_total") == metric("edge_fill_leases_released_total")
                && metric("edge_fills_in_flight") == 0);
        resetting = false;
        // Nothing half-stored: whatever the edge answers for each key now is a whole body of one version.
        for (int burst = 0; burst < BURSTS; burst++) {
            String path = "/f" + burst;
            Http.Response r = Http.get(edge.port(), HOST, path);
            if (r.status() != 200 || !isWhole(path, r.body())) {
                violations.add(path + ": asked again, answered " + r.status() + " with " + r.body().length()
                        + " chars (" + r.header("Cache-Status") + ")");
            }
        }

        System.out.printf("fill lifecycle stress: %d whole, %d edge 502s, %d cut off, %d left, %d origin resets, "
                + "%.0f fills%n", whole.get(), failedAnswers.get(), cutOff.get(), left.get(), resets.get(),
                metric("edge_fill_leases_taken_total"));
        assertThat(violations).isEmpty();
        assertThat(whole.get()).as("whole bodies").isGreaterThan(BURSTS * READERS / 3);
        assertThat(left.get()).as("readers that left").isPositive();
        assertThat(resets.get()).as("origin resets").isPositive();
        assertThat(FillPathLeakStressTest.awaitLeakReports()).as("Netty buffers leaked").isEmpty();
    }

    boolean isWhole(String path, String got) {
        int colon = got.indexOf(':');
        if (!got.startsWith("v") || colon < 2) {
            return false;
        }
        try {
            return got.equals(body(path, Integer.parseInt(got.substring(1, colon))));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** One reader: a fifth leave after the first chunk, a fifth read one chunk at a time, slowly. */
    Mono<Void> read(String path, int i) {
        AtomicReference<Integer> status = new AtomicReference<>();
        Flux<byte[]> content = HttpClient.create().headers(h -> h.set("Host", HOST))
                .doOnResponse((r, c) -> status.set(r.status().code()))
                .get().uri("http://127.0.0.1:" + edge.port() + path)
                .responseContent().asByteArray();
        int kind = i % 5;
        if (kind == 0) {
            return content.take(1).doOnComplete(left::incrementAndGet).then().onErrorResume(e -> Mono.empty());
        }
        if (kind == 1) {
            content = content.limitRate(1).delayElements(Duration.ofMillis(1));
        }
        return content.reduce(new StringBuilder(), (sb, b) -> sb.append(new String(b, StandardCharsets.UTF_8)))
                .defaultIfEmpty(new StringBuilder())
                .doOnNext(sb -> {
                    Integer code = status.get();
                    if (code != null && code == 502) {
                        failedAnswers.incrementAndGet();
                    } else if (code != null && code == 200 && isWhole(path, sb.toString())) {
                        whole.incrementAndGet();
                    } else {
                        violations.add(path + ": finished with " + code + " and " + sb.length() + " chars");
                    }
                })
                .then()
                .onErrorResume(e -> {
                    cutOff.incrementAndGet(); // the connection closed mid-body: the honest end of a failed fill
                    return Mono.empty();
                });
    }

    /** Bumps the path's version at the origin and purges it on the edge. */
    Mono<Void> purge(String path) {
        return Mono.fromRunnable(() -> {
            version.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Http.Response r = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                    "{\"serviceId\":\"demo\",\"kind\":\"url\",\"values\":[\"http://" + HOST + path + "\"]}",
                    "Authorization", "Bearer secret", "Content-Type", "application/json");
            if (r.status() != 200) {
                violations.add(path + ": purge answered " + r.status());
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    double metric(String name) {
        String text = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
