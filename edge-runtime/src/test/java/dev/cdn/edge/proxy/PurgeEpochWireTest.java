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
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;

/**
 * Purges against fills in flight, over real sockets: a request that starts after a purge was acknowledged never
 * receives content the purge removed, and invalidations touch only what they name. Each fill is held open by a
 * gate on the origin's body, so the purge provably lands mid-fill (no timing involved).
 */
class PurgeEpochWireTest {

    static final String HOST = "demo.localhost";
    static final String OLD = "o".repeat(8000);
    static final String NEW = "n".repeat(8000);

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;
    final Sinks.Empty<Void> gate = Sinks.empty();

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin();
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST, origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-1").listen("127.0.0.1", 0).adminListen("127.0.0.1", 0)
                .adminToken("secret").configFile(file).lockTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void tearDown() {
        gate.tryEmitEmpty();
        edge.close();
        origin.close();
    }

    /** The first request of a path gets OLD, held half-way by the gate; every later one gets NEW at once. */
    void oldThenNew(String... tagPairs) {
        AtomicInteger calls = new AtomicInteger();
        origin.script(s -> {
            String[] headers = headers(tagPairs);
            return calls.getAndIncrement() == 0 ? Reply.ok(OLD, headers).split(gate.asMono()) : Reply.ok(NEW, headers);
        });
    }

    static String[] headers(String... extra) {
        String[] h = new String[extra.length + 2];
        h[0] = "Cache-Control";
        h[1] = "max-age=600";
        System.arraycopy(extra, 0, h, 2, extra.length);
        return h;
    }

    CompletableFuture<Void> stream(String path, StringBuffer into, AtomicReference<HttpHeaders> headers) {
        return Http.stream(edge.port(), HOST, path, into, headers);
    }

    Http.Response purge(String json) {
        Http.Response r = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge", json,
                "Authorization", "Bearer secret", "Content-Type", "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    /** Starts the held fill of a path and waits until its first half reached the client. */
    CompletableFuture<Void> startHeldFill(String path, StringBuffer body, AtomicReference<HttpHeaders> headers)
            throws InterruptedException {
        CompletableFuture<Void> writer = stream(path, body, headers);
        until(() -> body.length() >= OLD.length() / 2);
        return writer;
    }

    @Test
    void requestAdmittedAfterAUrlPurge_neverJoinsTheFillThatBeganBefore() throws Exception {
        oldThenNew();
        StringBuffer first = new StringBuffer();
        CompletableFuture<Void> writer = startHeldFill("/doc", first, new AtomicReference<>());

        purge("{\"serviceId\":\"demo\",\"kind\":\"url\",\"values\":[\"http://demo.localhost/doc\"]}");

        Http.Response after = Http.get(edge.port(), HOST, "/doc");
        assertThat(after.body()).as("a request that starts after the purge was acknowledged").isEqualTo(NEW);
        gate.tryEmitEmpty();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(first.toString()).as("the request admitted before the purge still completes").isEqualTo(OLD);
        assertThat(Http.get(edge.port(), HOST, "/doc").body()).as("the old fill was not stored").isEqualTo(NEW);
    }

    @Test
    void requestAdmittedAfterATagPurge_neverJoinsAFillWhoseTagsAreNotKnownYet() throws Exception {
        oldThenNew("Surrogate-Key", "product-1");
        StringBuffer first = new StringBuffer();
        CompletableFuture<Void> writer = startHeldFill("/p/1", first, new AtomicReference<>());

        purge("{\"serviceId\":\"demo\",\"kind\":\"tag\",\"values\":[\"product-1\"]}");

        assertThat(Http.get(edge.port(), HOST, "/p/1").body()).isEqualTo(NEW);
        gate.tryEmitEmpty();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(Http.get(edge.port(), HOST, "/p/1").body()).isEqualTo(NEW);
    }

    @Test
    void fillPurgedMidStream_isNotStored_andItsResponseNeverClaimsStored() throws Exception {
        oldThenNew();
        StringBuffer first = new StringBuffer();
        AtomicReference<HttpHeaders> headers = new AtomicReference<>();
        CompletableFuture<Void> writer = startHeldFill("/gone", first, headers);
        purge("{\"serviceId\":\"demo\",\"kind\":\"prefix\",\"values\":[\"http://demo.localhost/go\"]}");
        gate.tryEmitEmpty();
        writer.get(10, TimeUnit.SECONDS);

        assertThat(headers.get().get("Cache-Status")).as("said before the edge knew").doesNotContain("stored");
        Http.Response next = Http.get(edge.port(), HOST, "/gone");
        assertThat(next.header("X-Cache")).isEqualTo("MISS");
        assertThat(next.body()).isEqualTo(NEW);
    }

    @Test
    void unsafeRequestToAnotherUrl_leavesFillsOfOtherUrlsToBeStored() throws Exception {
        oldThenNew();
        StringBuffer first = new StringBuffer();
        CompletableFuture<Void> writer = startHeldFill("/slow", first, new AtomicReference<>());

        for (int i = 0; i < 15; i++) {
            assertThat(Http.request(HttpMethod.POST, edge.port(), HOST, "/api/cart", "{}").status()).isEqualTo(200);
        }
        gate.tryEmitEmpty();
        writer.get(10, TimeUnit.SECONDS);

        Http.Response next = Http.get(edge.port(), HOST, "/slow");
        assertThat(next.header("X-Cache")).as("POSTs to /api/cart must not discard the fill of /slow").isEqualTo("HIT");
        assertThat(next.body()).isEqualTo(OLD);
    }

    @Test
    void unsafeRequest_invalidatesItsOwnUrl() throws Exception {
        origin.script(s -> Reply.ok(s.method().equals("GET") ? "page" : "done", headers()));
        assertThat(Http.get(edge.port(), HOST, "/item").header("X-Cache")).isEqualTo("MISS");
        assertThat(Http.get(edge.port(), HOST, "/item").header("X-Cache")).isEqualTo("HIT");
        Http.request(HttpMethod.PUT, edge.port(), HOST, "/item", "x");
        assertThat(Http.get(edge.port(), HOST, "/item").header("X-Cache")).isEqualTo("MISS");
    }
}
