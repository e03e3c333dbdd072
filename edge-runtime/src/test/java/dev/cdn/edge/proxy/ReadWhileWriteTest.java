package dev.cdn.edge.proxy;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

class ReadWhileWriteTest {

    static final String HOST = "demo.localhost";
    static final String FIRST = "a".repeat(6000);
    static final String REST = "b".repeat(6000);

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin();
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST, origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).adminListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminToken("t").configFile(file).lockTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void tearDown() {
        edge.close();
        origin.close();
    }

    /** Collects a response body as it arrives, so the test can see how much came before the origin finished. */
    CompletableFuture<Void> stream(String path, StringBuffer into) {
        return stream(path, into, new AtomicReference<>());
    }

    CompletableFuture<Void> stream(String path, StringBuffer into, AtomicReference<HttpHeaders> headers) {
        return Http.stream(edge.port(), HOST, path, into, headers);
    }

    @Test
    void coalescedReader_receivesTheFirstHalf_beforeTheOriginSendsTheRest() throws Exception {
        Sinks.Empty<Void> gate = Sinks.empty();
        origin.script(s -> Reply.ok(FIRST + REST, "Cache-Control", "max-age=60").split(gate.asMono()));
        StringBuffer writerBody = new StringBuffer();
        CompletableFuture<Void> writer = stream("/big", writerBody);
        until(() -> writerBody.length() >= FIRST.length());

        StringBuffer readerBody = new StringBuffer();
        AtomicReference<HttpHeaders> readerHeaders = new AtomicReference<>();
        CompletableFuture<Void> reader = stream("/big", readerBody, readerHeaders);
        // The reader joined mid-stream and still gets the body from its first byte, before the rest exists.
        until(() -> readerBody.length() >= FIRST.length());
        assertThat(readerBody.toString()).isEqualTo(FIRST);
        assertThat(reader).isNotDone();
        assertThat(readerHeaders.get().get("Cache-Status")).isEqualTo("edge-1; fwd=uri-miss; collapsed");
        assertThat(readerHeaders.get().get("Content-Length")).isEqualTo(String.valueOf(FIRST.length() + REST.length()));

        gate.tryEmitEmpty();
        reader.get(10, TimeUnit.SECONDS);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(readerBody.toString()).isEqualTo(FIRST + REST);
        assertThat(writerBody.toString()).isEqualTo(FIRST + REST);
        assertThat(origin.count("/big")).isEqualTo(1);
        Http.Response hit = Http.get(edge.port(), HOST, "/big");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(FIRST + REST);
    }

    @Test
    void manyReadersJoiningMidStream_allGetTheWholeBody_fromOneOriginRequest() throws Exception {
        Sinks.Empty<Void> gate = Sinks.empty();
        origin.script(s -> Reply.ok(FIRST + REST, "Cache-Control", "max-age=60").split(gate.asMono()));
        StringBuffer writerBody = new StringBuffer();
        CompletableFuture<Void> writer = stream("/many", writerBody);
        until(() -> writerBody.length() >= FIRST.length());
        List<StringBuffer> bodies = new java.util.ArrayList<>();
        List<CompletableFuture<Void>> readers = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            StringBuffer b = new StringBuffer();
            bodies.add(b);
            readers.add(stream("/many", b));
        }
        until(() -> bodies.stream().allMatch(b -> b.length() >= FIRST.length()));
        gate.tryEmitEmpty();
        CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(bodies).allSatisfy(b -> assertThat(b.toString()).isEqualTo(FIRST + REST));
        assertThat(origin.count("/many")).isEqualTo(1);
    }

    /** Starts a request on a raw socket and returns once the first half of the body has arrived. */
    java.net.Socket halfRead(String path) throws Exception {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", edge.port());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[8192];
        while (seen.indexOf(FIRST) < 0) {
            int n = socket.getInputStream().read(buf);
            assertThat(n).as("edge closed before the first half arrived").isPositive();
            seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return socket;
    }

    @Test
    void writerLeavingMidBody_doesNotCutTheReaders_andTheObjectIsStillStored() throws Exception {
        Sinks.Empty<Void> gate = Sinks.empty();
        origin.script(s -> Reply.ok(FIRST + REST, "Cache-Control", "max-age=60").split(gate.asMono()));
        java.net.Socket writer = halfRead("/left");
        StringBuffer readerBody = new StringBuffer();
        CompletableFuture<Void> reader = stream("/left", readerBody);
        until(() -> readerBody.length() >= FIRST.length());

        writer.close(); // the client whose request started the fill goes away mid-body
        Thread.sleep(200);
        gate.tryEmitEmpty();
        reader.get(10, TimeUnit.SECONDS);
        assertThat(readerBody.toString()).isEqualTo(FIRST + REST);
        Http.Response hit = Http.get(edge.port(), HOST, "/left");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(FIRST + REST);
        assertThat(origin.count("/left")).isEqualTo(1);
    }

    @Test
    void writerResettingMidBody_neitherFailsTheWaitersNorFreesTheKey() throws Exception {
        Sinks.Empty<Void> gate = Sinks.empty();
        origin.script(s -> Reply.ok(FIRST + REST, "Cache-Control", "max-age=60").split(gate.asMono()));
        java.net.Socket writer = halfRead("/reset");
        writer.setSoLinger(true, 0);
        writer.close(); // a reset, not a FIN: the edge's write to this client fails
        // The writer's request is over once the edge counted it.
        until(() -> requestsCounted() >= 1);

        // A range request waits for the stored object, on the fill the reset writer started.
        CompletableFuture<Http.Response> ranged = Http.getAsync(edge.port(), HOST, "/reset", "Range", "bytes=0-9")
                .toFuture();
        gate.tryEmitEmpty();
        Http.Response r = ranged.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(FIRST.substring(0, 10));
        assertThat(origin.count("/reset")).as("one fill, kept by its pump").isEqualTo(1);
    }

    double requestsCounted() {
        String text = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer t").body();
        return text.lines().filter(l -> l.startsWith("edge_requests_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void fillContinuesAfterItsOnlyClientLeft_soTheNextRequestHits() throws Exception {
        Sinks.Empty<Void> gate = Sinks.empty();
        origin.script(s -> Reply.ok(FIRST + REST, "Cache-Control", "max-age=60").split(gate.asMono()));
        halfRead("/alone").close();
        Thread.sleep(200);
        gate.tryEmitEmpty();
        // Had the fill died with its client, this request would go to the origin a second time.
        assertThat(Http.get(edge.port(), HOST, "/alone").body()).isEqualTo(FIRST + REST);
        Http.Response hit = Http.get(edge.port(), HOST, "/alone");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(origin.count("/alone")).isEqualTo(1);
    }

    @Test
    void aWriterThatStopsReading_doesNotPaceTheFill_forItsReaders() throws Exception {
        String big = "c".repeat(16 * 1024 * 1024); // far more than the socket buffers between edge and client hold
        origin.script(s -> Reply.ok(big, "Cache-Control", "max-age=60"));
        java.net.Socket writer = new java.net.Socket("127.0.0.1", edge.port());
        writer.setReceiveBufferSize(4096);
        writer.getOutputStream().write(("GET /paced HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(writer.getInputStream().read(new byte[16])).isPositive(); // then never reads again
        try {
            StringBuffer readerBody = new StringBuffer();
            stream("/paced", readerBody).get(10, TimeUnit.SECONDS);
            assertThat(readerBody.length()).isEqualTo(big.length());
            assertThat(origin.count("/paced")).isEqualTo(1);
        } finally {
            writer.close();
        }
    }

    @Test
    void originStallingMidBody_isCutByTheReadTimeout_andNothingIsStored() throws Exception {
        origin.script(s -> Reply.ok("short", "Cache-Control", "max-age=60", "Content-Length", "100"));
        var first = Http.getAsync(edge.port(), HOST, "/t").onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .toFuture();
        first.get(10, TimeUnit.SECONDS);
        origin.script(s -> Reply.ok("whole", "Cache-Control", "max-age=60"));
        Http.Response next = Http.get(edge.port(), HOST, "/t");
        assertThat(next.body()).isEqualTo("whole");
        assertThat(next.header("X-Cache")).isEqualTo("MISS");
    }
}
