package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Await;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * A flood of unique 64 KiB objects, half with a Content-Length and half chunked, each held by the origin half-way
 * through its body, with coalesced readers on some and readers that never read on others, against an edge whose
 * fill budget is 1 MiB: the bytes it holds for fills never pass the budget, and what did not fit is streamed through
 * whole (never queued), marked and counted.
 */
@Tag("fault")
class FillBudgetWireTest {

    static final int OBJECT = 64 * 1024;
    static final long BUDGET = 1024 * 1024;
    static final int UNIQUE = 48;

    @TempDir
    Path dir;
    final Sinks.Empty<Void> secondHalves = Sinks.empty();
    final HttpClient client = HttpClient.newConnection().responseTimeout(Duration.ofSeconds(30));
    final List<Socket> silentReaders = new ArrayList<>();
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        byte[] body = new byte[OBJECT];
        Arrays.fill(body, (byte) 'x');
        String text = new String(body, StandardCharsets.US_ASCII);
        origin = new ScriptedOrigin().script(s -> {
            ScriptedOrigin.Reply r = s.uri().contains("chunked")
                    ? ScriptedOrigin.Reply.ok(text, "Cache-Control", "max-age=60", "Transfer-Encoding", "chunked")
                    : ScriptedOrigin.Reply.ok(text, "Cache-Control", "max-age=60");
            return s.uri().contains("/held/") ? r.split(secondHalves.asMono()) : r;
        });
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(
                Configs.service("demo", 1, "demo.localhost", origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").allowedPrivateOrigins("127.0.0.1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("t").configFile(file)
                .memoryBytes(64L * 1024 * 1024).fillBufferBytes(BUDGET).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        secondHalves.tryEmitEmpty();
        for (Socket s : silentReaders) {
            s.close();
        }
        edge.close();
        origin.close();
    }

    record Answer(int status, String cacheStatus, int length) {
    }

    CompletableFuture<Answer> get(String path) {
        return client.headers(h -> h.set("Host", "demo.localhost")).get().uri("http://127.0.0.1:" + edge.port() + path)
                .responseSingle((r, b) -> b.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> new Answer(r.status().code(), r.responseHeaders().get("Cache-Status"),
                                bytes.length)))
                .toFuture();
    }

    /** A client that sends its request and never reads a byte of the answer. */
    void silentReader(String path) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", edge.port()), 2000);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: demo.localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        silentReaders.add(s);
    }

    long metric(String name) {
        String scrape = Http.get(edge.adminPort(), "x", "/metrics", "Authorization", "Bearer t").body();
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void floodOfUniqueLargeObjects_neverHoldsMoreThanTheFillBudget_andWhatDidNotFitStreamsThroughWhole()
            throws Exception {
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < UNIQUE; i++) {
            String path = "/held/" + (i % 2 == 0 ? "length-" : "chunked-") + i;
            answers.add(get(path));
            paths.add(path);
            if (i % 6 == 0) {
                answers.add(get(path)); // coalesced readers of the same fill
                answers.add(get(path));
                paths.add(path);
                paths.add(path);
                silentReader(path);
            }
        }
        // Every fill has reached the origin and holds its first half: the most a fill flood can hold at once.
        Await.until(() -> origin.count() >= UNIQUE);
        long heldWhileStalled = metric("edge_fill_buffer_bytes");
        secondHalves.tryEmitEmpty();
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i).get(30, TimeUnit.SECONDS);
            assertThat(a.status()).isEqualTo(200);
            // Refused or not, every client got the whole body.
            assertThat(a.length()).as("%s: %s", paths.get(i), a.cacheStatus()).isEqualTo(OBJECT);
        }
        long peak = metric("edge_fill_buffer_peak_bytes");
        System.out.printf("fill budget %d bytes: held %d while stalled, peak %d, refusals %d%n", BUDGET,
                heldWhileStalled, peak, metric("edge_fill_buffer_refused_total"));
        assertThat(peak).isPositive().isLessThanOrEqualTo(BUDGET);
        assertThat(metric("edge_fill_buffer_refused_total")).isPositive();
        assertThat(answers.stream().map(f -> f.join().cacheStatus()))
                .anyMatch(cs -> cs.endsWith("detail=fill-budget"))
                .anyMatch(cs -> !cs.contains("detail=fill-budget"));
        // Once the readers that never read are gone, every byte has gone back to the budget.
        for (Socket s : silentReaders) {
            s.close();
        }
        Await.until(() -> metric("edge_fill_buffer_bytes") == 0);
        // A refused object is not marked hit-for-miss: with room in the budget it is stored as usual.
        String refused = null;
        for (int i = 0; i < paths.size(); i++) {
            if (answers.get(i).join().cacheStatus().endsWith("detail=fill-budget")) {
                refused = paths.get(i);
            }
        }
        Answer again = get(refused).get(10, TimeUnit.SECONDS);
        assertThat(again.length()).isEqualTo(OBJECT);
        assertThat(again.cacheStatus()).doesNotContain("fill-budget");
        assertThat(get(refused).get(10, TimeUnit.SECONDS).cacheStatus()).startsWith("edge-1; hit");
    }
}
