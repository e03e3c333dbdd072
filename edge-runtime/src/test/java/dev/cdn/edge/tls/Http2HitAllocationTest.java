package dev.cdn.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.EventLoopAllocation;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * What one HTTP/2 hit of a 1 KiB object in RAM allocates on the edge's event loops (ALPN h2 over TLS, one stream at a
 * time on one connection). Most of it is reactor-netty's stream channel and Netty's HTTP/1-HTTP/2 conversions; what
 * is ours to keep small is checked here (docs/benchmarks.md, "Run N").
 */
class Http2HitAllocationTest {

    static final String HOST = "demo.localhost";
    static final int WARM_UP_HITS = 20_000;
    static final int HITS_PER_WINDOW = 3_000;
    /**
     * The bound: 10.5-10.7 KB per hit in this test while every field name went through Netty's HTTP/2 conversion as a
     * new lowercase copy, 9.5-9.6 KB once a hit's names were given as lowercase {@code AsciiString}s
     * ({@code proxy.FieldNames}), 9.7 KB when the whole module's tests ran before it in the same JVM: the bound sits
     * about 6 % above the highest of the second and below every window of the first.
     */
    static final long MAX_BYTES_PER_HIT = 10_300;

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;
    LoopResources clientLoop;
    ConnectionProvider oneConnection;

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin().script(s -> Reply.ok("x".repeat(1024), "Cache-Control", "max-age=3600",
                "Content-Type", "application/octet-stream", "ETag", "\"1k\""));
        edge = TlsTestEdge.start(dir, HOST, origin.port(), TlsProvider.AUTO);
        // The client's own event loop, not named like the edge's, so that what it allocates is not counted.
        clientLoop = LoopResources.create("h2-allocation-client", 1, true);
        oneConnection = ConnectionProvider.create("h2-allocation", 1);
    }

    @AfterEach
    void tearDown() {
        oneConnection.dispose();
        clientLoop.dispose();
        edge.close();
        origin.close();
    }

    @Test
    @Timeout(180)
    void http2Hit_of1KiBInRam_allocatesLittleOnTheEventLoops() throws Exception {
        assumeTrue(ResourceLeakDetector.getLevel().ordinal() <= ResourceLeakDetector.Level.SIMPLE.ordinal(),
                "leak detection at " + ResourceLeakDetector.getLevel());
        SslContext trustAll = TlsTestEdge.h2TrustingAll();
        HttpClient client = HttpClient.create(oneConnection).runOn(clientLoop).protocol(HttpProtocol.H2)
                .secure(spec -> spec.sslContext(trustAll).serverNames(new SNIHostName(HOST)))
                .headers(h -> h.set("Host", HOST))
                .baseUrl("https://127.0.0.1:" + edge.tlsPort());
        assertThat(get(client)).as("the fill").isEqualTo("MISS");
        assertThat(get(client)).as("the first hit").isEqualTo("HIT");
        hits(client, WARM_UP_HITS);

        List<Long> perHit = EventLoopAllocation.perRequest(n -> hits(client, n), HITS_PER_WINDOW, MAX_BYTES_PER_HIT);

        assertThat(get(client)).as("still a hit").isEqualTo("HIT");
        System.out.println("Http2HitAllocationTest: bytes per hit on the event loops, per window: " + perHit);
        assertThat(Collections.min(perHit)).as("bytes allocated per HTTP/2 hit on the event loops, per window: " + perHit)
                .isLessThan(MAX_BYTES_PER_HIT);
    }

    /** One request over HTTP/2; its X-Cache, after checking it is a 200 of 1 KiB. */
    private static String get(HttpClient client) {
        return client.get().uri("/1k").responseSingle((res, body) -> body.asByteArray().map(bytes -> {
            if (res.status().code() != 200 || bytes.length != 1024 || !res.version().text().equals("HTTP/2.0")) {
                throw new IllegalStateException(res.version() + " " + res.status() + ", " + bytes.length + " bytes");
            }
            return res.responseHeaders().get("x-cache");
        })).block(Duration.ofSeconds(10));
    }

    private static void hits(HttpClient client, int count) {
        for (int i = 0; i < count; i++) {
            if (!"HIT".equals(get(client))) {
                throw new IllegalStateException("not a hit");
            }
        }
    }
}
