package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.QueryMode;
import dev.cdn.config.RuleMatch;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * A page with a slow include, over real sockets: the text before the include reaches the client while the fragment's
 * origin is still holding its answer, and the rest follows in order once it answers.
 */
class EsiStreamingWireTest {

    static final String HOST = "stream.localhost";
    static final String HTML = "text/html; charset=utf-8";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;
    final Sinks.Empty<Void> slowFragmentGate = Sinks.empty();

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin().script(seen -> switch (seen.uri()) {
            case "/page" -> Reply.ok("before|<esi:include src=\"/frag/fast\"/>|<esi:include src=\"/frag/slow\"/>|after",
                    "Content-Type", HTML, "Cache-Control", "max-age=300");
            case "/frag/fast" -> Reply.ok("fast", "Content-Type", HTML, "Cache-Control", "max-age=60");
            case "/frag/slow" -> Reply.ok("slow", "Content-Type", HTML, "Cache-Control", "max-age=60")
                    .held(slowFragmentGate.asMono());
            case "/late-failure" -> Reply.ok("before|<esi:include src=\"/frag/late-broken\"/>|after",
                    "Content-Type", HTML, "Cache-Control", "max-age=300");
            case "/frag/late-broken" -> Reply.of(500, "broken", "Content-Type", HTML).held(slowFragmentGate.asMono());
            default -> Reply.of(404, "no", "Content-Type", HTML);
        });
        CacheRule esi = new CacheRule("esi", RuleMatch.ANY, null, null, false, null, false, null, null, QueryMode.ALL,
                null, List.of("Accept-Encoding"), null, null, null, true, null, null);
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(
                Configs.service("stream", 1, HOST, origin.port(), esi)))));
        edge = EdgeNode.start(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("secret").configFile(file)
                // Headers wait up to 1 s for the includes: long enough for hits on a busy machine, and the slow
                // fragment below is held until the test has seen what came before it.
                .esiLimits(new AssemblyLimits(3, 32, Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(1)))
                .build());
    }

    @AfterEach
    void tearDown() {
        slowFragmentGate.tryEmitEmpty();
        edge.close();
        origin.close();
    }

    @Test
    void textBeforeASlowInclude_reachesTheClientBeforeTheFragmentAnswers() throws Exception {
        StringBuffer received = new StringBuffer();
        CompletableFuture<Void> beforeSlowPart = new CompletableFuture<>();
        AtomicReference<HttpHeaders> headers = new AtomicReference<>();
        CompletableFuture<Void> done = HttpClient.create().headers(h -> h.set("Host", HOST))
                .doOnResponse((r, c) -> headers.set(r.responseHeaders()))
                .get().uri("http://127.0.0.1:" + edge.port() + "/page")
                .responseContent().asString(StandardCharsets.UTF_8)
                .doOnNext(chunk -> {
                    received.append(chunk);
                    if (received.toString().contains("before|fast|")) {
                        beforeSlowPart.complete(null);
                    }
                })
                .then().toFuture();

        beforeSlowPart.get(10, TimeUnit.SECONDS);
        assertThat(received.toString()).as("nothing of the slow part or after it yet").isEqualTo("before|fast|");
        assertThat(origin.count("/frag/slow")).as("the slow fragment's origin was asked and holds its answer")
                .isEqualTo(1);

        slowFragmentGate.tryEmitEmpty();
        done.get(10, TimeUnit.SECONDS);

        assertThat(received.toString()).isEqualTo("before|fast|slow|after");
        assertThat(headers.get().get("Cache-Control")).as("sent before the slow part's TTL was known")
                .isEqualTo("max-age=0");
    }

    @Test
    void includeFailingAfterTheHeadersLeft_endsTheResponseWithoutItsLastChunk() throws Exception {
        StringBuffer received = new StringBuffer();
        CompletableFuture<Void> streaming = new CompletableFuture<>();
        CompletableFuture<Void> done = HttpClient.create().headers(h -> h.set("Host", HOST))
                .get().uri("http://127.0.0.1:" + edge.port() + "/late-failure")
                .responseContent().asString(StandardCharsets.UTF_8)
                .doOnNext(chunk -> {
                    received.append(chunk);
                    streaming.complete(null);
                })
                .then().toFuture();
        streaming.get(10, TimeUnit.SECONDS);

        slowFragmentGate.tryEmitEmpty();

        assertThat(done).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("prematurely closed");
        assertThat(received.toString()).isEqualTo("before|");
    }

    @Test
    void pageWhoseIncludesSettleInTime_keepsTheSmallestTtl() throws Exception {
        slowFragmentGate.tryEmitEmpty();
        dev.cdn.edge.support.Http.get(edge.port(), HOST, "/page");

        dev.cdn.edge.support.Http.Response page = dev.cdn.edge.support.Http.get(edge.port(), HOST, "/page");

        assertThat(page.body()).isEqualTo("before|fast|slow|after");
        assertThat(page.header("Cache-Control")).as("every part was a hit").isEqualTo("max-age=60");
    }
}
