package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.RawHttp;
import dev.cdn.edge.support.ScriptedOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/** Hostile or broken peers on real sockets: smuggling shapes, oversized requests, broken origins, slow clients. */
class HardeningWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;
    DisposableServer broken;

    @BeforeEach
    void setUp() {
        origin = new ScriptedOrigin();
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        if (broken != null) {
            broken.disposeNow(Duration.ofSeconds(5));
        }
        origin.close();
    }

    void start(int originPort) throws Exception {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST, originPort)))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("t").configFile(file)
                .clientTimeout(Duration.ofMillis(500)).build());
    }

    /** An origin that answers every connection with exactly these bytes, then closes. */
    int brokenOrigin(String raw) {
        broken = TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> in.receive().next().then(out.sendString(Mono.just(raw)).then()))
                .bindNow();
        return broken.port();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nContent-Length: 5, 5\r\n\r\nhello",
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nContent-Length: +5\r\n\r\nhello",
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nContent-Length: abc\r\n\r\nhello",
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            "GET /a HTTP/1.1\r\nHost: demo.localhost\r\nHost: other.localhost\r\n\r\n",
    })
    void smugglingShapes_are400_andNeverForwarded(String request) throws Exception {
        start(origin.port());
        String response = RawHttp.exchange(edge.port(), request, 2000);
        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertThat(origin.count()).isZero();
    }

    @Test
    void pipelinedKeepAliveRequests_queuedBehindASlowOne_areAllAnswered() throws Exception {
        origin.script(s -> Reply.ok("slow", "Cache-Control", "max-age=60").delayed(Duration.ofMillis(100)));
        start(origin.port());
        RawHttp.exchange(edge.port(), "GET /warm HTTP/1.1\r\nHost: demo.localhost\r\nConnection: close\r\n\r\n", 5000);
        // The second request is answered synchronously (unknown host) while the first still waits on the origin;
        // the third must still be read and answered on the same connection.
        String response = RawHttp.exchange(edge.port(),
                "GET /slow HTTP/1.1\r\nHost: demo.localhost\r\n\r\n"
                        + "GET / HTTP/1.1\r\nHost: unknown.example\r\n\r\n"
                        + "GET /third HTTP/1.1\r\nHost: demo.localhost\r\n\r\n", 2500);
        assertThat(response.split("HTTP/1.1 ", -1)).hasSize(4);
        assertThat(response).contains("slow").contains("no service is configured for this host");
    }

    @Test
    void unsupportedTransferCoding_is501_andNeverForwarded() throws Exception {
        start(origin.port());
        String response = RawHttp.exchange(edge.port(),
                "POST /a HTTP/1.1\r\nHost: demo.localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 2000);
        assertThat(RawHttp.status(response)).isEqualTo(501);
        assertThat(origin.count()).isZero();
    }

    @Test
    void requestLineOver8KiB_is414() throws Exception {
        start(origin.port());
        String response = RawHttp.exchange(edge.port(), "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: demo.localhost\r\n\r\n", 2000);
        assertThat(RawHttp.status(response)).isEqualTo(414);
        assertThat(origin.count()).isZero();
    }

    @Test
    void headersOver16KiB_are431() throws Exception {
        start(origin.port());
        String response = RawHttp.exchange(edge.port(),
                "GET / HTTP/1.1\r\nHost: demo.localhost\r\nX-Big: " + "a".repeat(17000) + "\r\n\r\n", 2000);
        assertThat(RawHttp.status(response)).isEqualTo(431);
        assertThat(origin.count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: abc\r\nCache-Control: max-age=60\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\nCache-Control: max-age=60\r\n\r\nhello!",
            "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Le",
    })
    void malformedOriginResponse_is502_andNothingStored(String raw) throws Exception {
        start(brokenOrigin(raw));
        Http.Response first = Http.get(edge.port(), HOST, "/m");
        assertThat(first.status()).isEqualTo(502);
        assertThat(first.header("X-Cache")).isEqualTo("MISS");
        assertThat(Http.get(edge.port(), HOST, "/m").status()).isEqualTo(502);
    }

    @Test
    void truncatedOriginBody_resetsTheClient_andNothingIsStored() throws Exception {
        start(brokenOrigin("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nCache-Control: max-age=60\r\n\r\nonly part"));
        String response = RawHttp.exchange(edge.port(), "GET /t HTTP/1.1\r\nHost: demo.localhost\r\n\r\n", 3000);
        // The status line went out before the body broke: the only honest signal left is closing short.
        assertThat(RawHttp.status(response)).isEqualTo(200);
        assertThat(response).endsWith("only part");
        String again = RawHttp.exchange(edge.port(), "GET /t HTTP/1.1\r\nHost: demo.localhost\r\n\r\n", 3000);
        assertThat(again).contains("X-Cache: MISS");
    }

    @Test
    void slowClient_thatNeverFinishesItsHeaders_isDisconnected() throws Exception {
        start(origin.port());
        long t0 = System.nanoTime();
        String response = RawHttp.exchange(edge.port(), "GET /slow HTTP/1.1\r\nHost: demo.loc", 10_000);
        // Bounded by the client timeout (500 ms here), well before the 10 s the test client would wait.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(origin.count()).isZero();
        assertThat(response).doesNotContain("200 OK");
    }
}
