package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.ScriptedOrigin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * The byte flood of the fault suite: an edge started as a JVM of its own with a small heap and
 * {@code -XX:+ExitOnOutOfMemoryError} (as the launcher and the images start it), flooded with unique 64 KiB objects
 * from many connections for a bounded time, some of them held by the origin half-way through the body while the rest
 * stream as fast as they come. The process must live through it, answer {@code /healthz} throughout, and count what
 * it refused instead of holding it.
 */
@Tag("fault")
class ByteFloodProcessTest {

    static final int OBJECT = 64 * 1024;
    /** Fills held half-way at the origin: without a bound on their sum, 900 x 32 KiB = 29.5 MB of a 48 MB heap. */
    static final int HELD = 900;
    static final int FLOODERS = 32;
    static final Duration FLOOD = Duration.ofSeconds(8);

    @TempDir
    Path dir;
    final Sinks.Empty<Void> secondHalves = Sinks.empty();
    final HttpClient client = HttpClient.newConnection().responseTimeout(Duration.ofSeconds(30));
    ScriptedOrigin origin;
    Process edge;
    int port;
    int adminPort;

    @AfterEach
    void tearDown() throws Exception {
        secondHalves.tryEmitEmpty();
        if (edge != null) {
            edge.destroy();
            if (!edge.waitFor(10, TimeUnit.SECONDS)) {
                edge.destroyForcibly();
            }
        }
        if (origin != null) {
            origin.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    void startEdge() throws Exception {
        byte[] body = new byte[OBJECT];
        Arrays.fill(body, (byte) 'x');
        String text = new String(body, StandardCharsets.US_ASCII);
        origin = new ScriptedOrigin().script(s -> {
            ScriptedOrigin.Reply r = ScriptedOrigin.Reply.ok(text, "Cache-Control", "max-age=60");
            return s.uri().startsWith("/held/") ? r.split(secondHalves.asMono()) : r;
        });
        Path config = dir.resolve("edge.json");
        // The origin's own read bound is long too: held fills wait for the test, not for a timeout.
        dev.cdn.config.ServiceConfig s = Configs.service("demo", 1, "demo.localhost", origin.port());
        dev.cdn.config.ServiceConfig patient = new dev.cdn.config.ServiceConfig(s.id(), s.tenantId(), s.name(),
                s.version(), s.domains(), List.of(new dev.cdn.config.Origin("o1", "127.0.0.1", origin.port(), false,
                        null, null, null, null, 1000, 120_000)), s.rules(), s.settings());
        Files.write(config, ConfigCodec.writeBytes(new EdgeConfig(List.of(patient))));
        port = freePort();
        adminPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(java, "-Xmx48m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
                "dev.cdn.edge.EdgeMain", "--config", config.toString(), "--admin-token", "t",
                "--listen", "127.0.0.1:" + port, "--admin-listen", "127.0.0.1:" + adminPort,
                "--allowed-private-origins", "127.0.0.1", "--memory", "4", "--fill-buffer", "8",
                // Let every held fill reach the origin and wait there, so the fill budget is what bounds them here.
                "--upstream-connections", "2000", "--upstream-service-connections", "2000", "--upstream-idle-timeout", "120000",
                "--upstream-first-byte-timeout", "120000");
        edge = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("edge.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!healthy()) {
            assertThat(edge.isAlive()).as("edge process exited: %s", log()).isTrue();
            assertThat(System.nanoTime()).as("edge did not answer /healthz within 30 s").isLessThan(deadline);
            Thread.sleep(50); // polling a starting process: no event to wait on
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("edge.log"));
    }

    boolean healthy() {
        try {
            Integer status = client.get().uri("http://127.0.0.1:" + adminPort + "/healthz")
                    .responseSingle((r, b) -> Mono.just(r.status().code())).block(Duration.ofSeconds(5));
            return status != null && status == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    CompletableFuture<Integer> get(String path) {
        return client.headers(h -> h.set("Host", "demo.localhost")).get().uri("http://127.0.0.1:" + port + path)
                .responseSingle((r, b) -> b.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> bytes.length == OBJECT ? r.status().code() : -bytes.length))
                .toFuture();
    }

    long metric(String name) {
        String scrape = client.headers(h -> h.set("Authorization", "Bearer t")).get()
                .uri("http://127.0.0.1:" + adminPort + "/metrics").responseContent().aggregate().asString()
                .block(Duration.ofSeconds(10));
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void floodOfUniqueObjects_withASmallHeap_leavesTheEdgeAliveAndAnswering_andCountsRefusals() throws Exception {
        startEdge();
        List<CompletableFuture<Integer>> held = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            held.add(get("/held/" + i));
        }
        // Every held fill has reached the origin (each holds its first half, buffered or passing through).
        long heldBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (origin.count() < HELD && edge.isAlive()) {
            assertThat(System.nanoTime()).as("held fills reaching the origin: %d", origin.count()).isLessThan(heldBy);
            Thread.sleep(20); // polling a count the origin keeps: no event to wait on
        }
        // The flood proper: unique objects, as fast as 32 connections can take them, for a bounded time.
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + FLOOD.toNanos();
        AtomicInteger next = new AtomicInteger();
        List<Thread> flooders = new ArrayList<>();
        for (int t = 0; t < FLOODERS; t++) {
            Thread th = new Thread(() -> {
                while (System.nanoTime() < end && edge.isAlive()) {
                    try {
                        int status = get("/flood/" + next.incrementAndGet()).get(20, TimeUnit.SECONDS);
                        (status == 200 ? served : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "flooder-" + t);
            th.start();
            flooders.add(th);
        }
        boolean answeredDuringFlood = true;
        while (System.nanoTime() < end && edge.isAlive()) {
            answeredDuringFlood &= healthy();
            Thread.sleep(500); // one health probe every half second while the flood runs
        }
        for (Thread th : flooders) {
            th.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(edge.isAlive()).as("edge died under the flood: %s", log()).isTrue();
        assertThat(healthy()).isTrue();
        assertThat(answeredDuringFlood).isTrue();
        long refused = metric("edge_fill_buffer_refused_total");
        System.out.printf("byte flood: %d objects served, %d failed, %d held fills, %d fills refused by the budget%n",
                served.get(), failed.get(), HELD, refused);
        assertThat(refused).isPositive();
        assertThat(served.get()).isPositive();
        assertThat(metric("edge_fill_buffer_peak_bytes")).isLessThanOrEqualTo(8L * 1024 * 1024);
        secondHalves.tryEmitEmpty();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            try {
                int status = held.get(i).get(30, TimeUnit.SECONDS);
                if (status != 200) {
                    outcomes.add(i + ": " + status);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                outcomes.add(i + ": " + e.getCause());
            }
        }
        assertThat(outcomes).as("held fills that did not end whole; edge log: %s", log()).isEmpty();
    }
}
