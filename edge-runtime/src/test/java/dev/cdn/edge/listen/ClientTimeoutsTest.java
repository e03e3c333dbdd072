package dev.cdn.edge.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.support.TestCertificates;
import io.netty.channel.Channel;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * Where the client timeout lands in each shape of client listener the edge builds: right after the HTTP codec, the
 * handler of the protocol spoken, exactly once, whether the codec exists when the connection opens (plain, TLS with
 * HTTP/1.1 only, as a shield's listener) or only once ALPN has chosen (the TLS listener).
 */
class ClientTimeoutsTest {

    @TempDir
    Path dir;
    DisposableServer server;
    final AtomicReference<Channel> connection = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Test
    void tlsWithHttp11Only_getsTheHttp11TimeoutAtOnce() throws Exception {
        TestCertificates.write(dir, "c", "demo.localhost");
        start(base().secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(cert(), key()))));
        try (SSLSocket s = connect("http/1.1")) {
            getOk(s);
            assertInstalled(Http1ClientTimeout.class);
        }
    }

    @Test
    void alpnListener_speakingHttp11_getsTheHttp11Timeout() throws Exception {
        startAlpn();
        try (SSLSocket s = connect("http/1.1")) {
            getOk(s);
            assertInstalled(Http1ClientTimeout.class);
        }
    }

    @Test
    void alpnListener_speakingHttp2_getsTheHttp2Timeout() throws Exception {
        startAlpn();
        try (SSLSocket s = connect("h2")) {
            s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            s.getOutputStream().flush();
            assertThat(s.getInputStream().readNBytes(9)[3]).as("the edge's SETTINGS").isEqualTo((byte) 4);
            assertInstalled(Http2ClientTimeout.class);
        }
    }

    private static void getOk(SSLSocket s) throws Exception {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: demo.localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        assertThat(status).isEqualTo("HTTP/1.1 200");
    }

    private void startAlpn() throws Exception {
        TestCertificates.write(dir, "c", "demo.localhost");
        start(base().protocol(HttpProtocol.HTTP11, HttpProtocol.H2)
                .secure(spec -> spec.sslContext(Http2SslContextSpec.forServer(cert(), key()))));
    }

    private HttpServer base() {
        return HttpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((observer, channel, remote) -> {
                    connection.set(channel);
                    ClientTimeouts.install(channel, Duration.ofMinutes(1));
                });
    }

    private void start(HttpServer configured) {
        server = configured.handle((req, res) -> res.sendString(Mono.just("ok"))).bindNow();
    }

    /** Once the response came, the pipeline holds the handler once, right after the codec, and no stand-in. */
    private void assertInstalled(Class<?> handler) throws InterruptedException {
        // The HTTP/2 codec sends its SETTINGS while ALPN configures the pipeline, just before the timeout goes in.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (connection.get().pipeline().get(ClientTimeouts.NAME) == null && System.nanoTime() < deadline) {
            Thread.sleep(5); // awaiting the condition, not a time
        }
        List<String> names = connection.get().pipeline().names();
        assertThat(connection.get().pipeline().get(ClientTimeouts.NAME)).isInstanceOf(handler);
        assertThat(names.indexOf(ClientTimeouts.NAME)).as(names.toString())
                .isEqualTo(names.indexOf(NettyPipeline.HttpCodec) + 1);
        assertThat(names).filteredOn(Predicate.isEqual(ClientTimeouts.NAME)).hasSize(1);
        assertThat(names).noneMatch(n -> n.startsWith("edge.clientTimeoutInstaller"));
    }

    private File cert() {
        return dir.resolve("c.crt").toFile();
    }

    private File key() {
        return dir.resolve("c.key").toFile();
    }

    private SSLSocket connect(String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
        SSLParameters parameters = s.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {protocol});
        s.setSSLParameters(parameters);
        s.setSoTimeout(15_000);
        return s;
    }
}
