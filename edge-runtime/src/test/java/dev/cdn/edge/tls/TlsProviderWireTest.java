package dev.cdn.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * The TLS listener with each implementation {@code --tls-provider} chooses: HTTP/1.1 and HTTP/2 (ALPN) hits carry
 * the same body and headers, and the implementation in use is reported in {@code /metrics}.
 */
class TlsProviderWireTest {

    static final String HOST = "demo.localhost";
    static final String BODY = "x".repeat(1024);

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;

    EdgeNode start(TlsProvider provider) throws Exception {
        origin = new ScriptedOrigin().script(s -> Reply.ok(BODY, "Cache-Control", "max-age=60", "ETag", "\"v1\"",
                "Content-Type", "application/octet-stream"));
        edge = TlsTestEdge.start(dir, HOST, origin.port(), provider);
        return edge;
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void hitsOverHttp11AndHttp2_carryTheSameBodyAndHeaders(TlsProvider provider) throws Exception {
        start(provider);
        Hit h1Miss = get(HttpProtocol.HTTP11, "/obj");
        Hit h1 = get(HttpProtocol.HTTP11, "/obj");
        Hit h2 = get(HttpProtocol.H2, "/obj");
        Hit h2Again = get(HttpProtocol.H2, "/obj");

        assertThat(h1Miss.version()).isEqualTo("HTTP/1.1");
        assertThat(h2.version()).isEqualTo("HTTP/2.0");
        assertThat(List.of(h1Miss.body(), h1.body(), h2.body(), h2Again.body())).containsOnly(BODY);
        assertThat(h1.headers().get("x-cache")).isEqualTo("HIT");
        assertThat(h2Again.headers().get("x-cache")).isEqualTo("HIT");
        // Only what HTTP/2 forbids (RFC 9113 8.2.2: connection-specific fields) and what moves with time may differ.
        assertThat(comparable(h2Again.headers())).isEqualTo(comparable(h1.headers()));
        assertThat(origin.count("/obj")).isEqualTo(1);
        assertThat(metrics()).contains("edge_tls_provider{provider=\"" + provider.resolve().label() + "\"} 1.0");
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void aReturningClient_resumesItsSession_overTls12AndTls13(TlsProvider provider) throws Exception {
        start(provider);
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance(version);
            client.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            javax.net.ssl.SSLSession first = exchangeOver(client, version);
            javax.net.ssl.SSLSession second = exchangeOver(client, version);
            // A resumed session (RFC 8446 2.2, RFC 5077) is the one the client cached: same creation time, no new
            // certificate check.
            assertThat(second.getCreationTime()).as(version).isEqualTo(first.getCreationTime());
        }
    }

    /** One HTTP/1.1 request on a fresh TLS connection of {@code client}; the response is read so tickets arrive. */
    javax.net.ssl.SSLSession exchangeOver(javax.net.ssl.SSLContext client, String version) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                .createSocket("127.0.0.1", edge.tlsPort())) {
            javax.net.ssl.SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(HOST)));
            params.setProtocols(new String[] {version});
            socket.setSSLParameters(params);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /r HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200");
            return socket.getSession();
        }
    }

    @Test
    void auto_encryptsWithOpenSsl_whichThisBuildShipsForLinuxX8664() throws Exception {
        start(TlsProvider.AUTO);
        assertThat(get(HttpProtocol.H2, "/auto").body()).isEqualTo(BODY);
        assertThat(metrics()).contains("edge_tls_provider{provider=\"openssl\"} 1.0")
                .doesNotContain("edge_tls_provider{provider=\"jdk\"}");
    }

    record Hit(String version, Map<String, String> headers, String body) {
    }

    Hit get(HttpProtocol protocol, String path) throws Exception {
        SslContext trustAll = protocol == HttpProtocol.H2
                ? TlsTestEdge.h2TrustingAll()
                : Http11SslContextSpec.forClient().configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE)).sslContext();
        return HttpClient.newConnection().protocol(protocol)
                .secure(spec -> spec.sslContext(trustAll).serverNames(new SNIHostName(HOST)))
                .headers(h -> h.set("Host", HOST))
                .get().uri("https://127.0.0.1:" + edge.tlsPort() + path)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("").map(b -> {
                    Map<String, String> headers = new TreeMap<>();
                    res.responseHeaders().forEach(e -> headers.merge(e.getKey().toLowerCase(java.util.Locale.ROOT),
                            e.getValue(), (a, c) -> a + ", " + c));
                    return new Hit(res.version().text(), headers, b);
                }))
                .block(Duration.ofSeconds(15));
    }

    static Map<String, String> comparable(Map<String, String> headers) {
        Map<String, String> m = new TreeMap<>(headers);
        // x-http2-stream-id is added by the client's HTTP/2-to-HTTP/1.1 conversion, not sent by the edge.
        for (String h : List.of("date", "age", "connection", "keep-alive", "transfer-encoding", "x-http2-stream-id")) {
            m.remove(h);
        }
        return m;
    }

    String metrics() {
        return Http.get(edge.adminPort(), "admin", "/metrics", "Authorization", "Bearer t").body();
    }
}
