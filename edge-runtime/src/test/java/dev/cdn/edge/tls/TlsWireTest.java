package dev.cdn.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import dev.cdn.edge.support.TestCertificates;
import io.netty.handler.codec.http.HttpMethod;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.StandardCopyOption;
import javax.net.ssl.SSLPeerUnverifiedException;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/** The TLS listener over real handshakes: certificate choice by SNI, rotation, and https as its own cache key. */
class TlsWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    Path certs;
    ScriptedOrigin origin;
    EdgeNode edge;
    X509Certificate fallback;
    X509Certificate demo;
    X509Certificate wild;

    @BeforeEach
    void setUp() throws Exception {
        certs = dir.resolve("certs");
        fallback = TestCertificates.write(certs, "default", "fallback.localhost");
        demo = TestCertificates.write(certs, "demo", HOST);
        wild = TestCertificates.write(certs, "wild", "*.wild.localhost");
        origin = new ScriptedOrigin().script(s -> Reply.ok("proto=" + s.headers().get("X-Forwarded-Proto"),
                "Cache-Control", "max-age=60"));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST, origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).tlsListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .tlsCertDir(certs).adminListen("127.0.0.1", 0).adminToken("t").configFile(file).build());
    }

    @AfterEach
    void tearDown() {
        edge.close();
        origin.close();
    }

    @Test
    void sni_choosesTheCertificateNamingTheHost_aWildcardCoversOneLabel_elseTheDefault() throws Exception {
        assertThat(presented(HOST)).isEqualTo(demo);
        assertThat(presented("DEMO.localhost")).isEqualTo(demo);
        assertThat(presented("a.wild.localhost")).isEqualTo(wild);
        assertThat(presented("a.b.wild.localhost")).isEqualTo(fallback);
        assertThat(presented("other.localhost")).isEqualTo(fallback);
    }

    @Test
    void https_isCachedApartFromHttp_theOriginLearnsTheScheme_andAUrlPurgeCoversBoth() throws Exception {
        TlsResponse first = https("/p");
        assertThat(first.body()).isEqualTo("proto=https");
        assertThat(first.xCache()).isEqualTo("MISS");
        assertThat(https("/p").xCache()).isEqualTo("HIT");

        Http.Response plain = Http.get(edge.port(), HOST, "/p");
        assertThat(plain.body()).isEqualTo("proto=http");
        assertThat(plain.header("X-Cache")).isEqualTo("MISS");
        assertThat(origin.count("/p")).isEqualTo(2);

        Http.Response purge = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"url\",\"values\":[\"http://" + HOST + "/p\"]}",
                "Authorization", "Bearer t");
        assertThat(purge.status()).isEqualTo(200);
        assertThat(purge.body()).contains("\"count\":2");
        assertThat(https("/p").xCache()).isEqualTo("MISS");
        assertThat(Http.get(edge.port(), HOST, "/p").header("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void aClientsForwardedProto_isNotBelievedByAnEdge() throws Exception {
        Http.Response r = Http.get(edge.port(), HOST, "/f", "X-Forwarded-Proto", "https");
        assertThat(r.body()).isEqualTo("proto=http");
        assertThat(https("/f").xCache()).isEqualTo("MISS");
    }

    @Test
    void aRotatedCertificate_servesAfterTheReload_andABrokenPairKeepsTheLastGoodOne() throws Exception {
        X509Certificate rotated = TestCertificates.write(certs, "demo", HOST);
        edge.reloadCertificates();
        assertThat(presented(HOST)).isEqualTo(rotated);

        // Half a rotation: a new key beside the old certificate is refused, the loaded pair keeps serving.
        Path spare = dir.resolve("spare");
        TestCertificates.write(spare, "demo", HOST);
        Files.copy(spare.resolve("demo.key"), certs.resolve("demo.key"), StandardCopyOption.REPLACE_EXISTING);
        edge.reloadCertificates();
        assertThat(presented(HOST)).isEqualTo(rotated);

        Files.writeString(certs.resolve("demo.crt"), "not a certificate");
        edge.reloadCertificates();
        assertThat(presented(HOST)).isEqualTo(rotated);
    }

    @Test
    void warmingAnHttpsUrl_fillsTheHttpsKey() throws Exception {
        Http.Response warm = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/warm",
                "{\"serviceId\":\"demo\",\"urls\":[\"https://" + HOST + "/w\"]}", "Authorization", "Bearer t");
        assertThat(warm.status()).isEqualTo(200);
        assertThat(warm.body()).contains("\"status\":200").contains("\"cache\":\"MISS\"");
        assertThat(https("/w").xCache()).isEqualTo("HIT");
    }

    @Test
    void aDiskHit_isSentOverTls() throws Exception {
        edge.close();
        String big = "d".repeat(300_000);
        origin.script(s -> Reply.ok(big, "Cache-Control", "max-age=60"));
        EdgeSettingsBuilder settings = EdgeSettings.builder().listen("127.0.0.1", 0).tlsListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .tlsCertDir(certs).adminListen("127.0.0.1", 0).adminToken("t").configFile(dir.resolve("edge.json"))
                .diskDir(dir.resolve("disk"));
        edge = EdgeNode.start(settings.build());
        assertThat(https("/big").xCache()).isEqualTo("MISS");
        Thread.sleep(500); // the disk write is asynchronous
        edge.close();
        edge = EdgeNode.start(settings.build()); // a restart empties the RAM tier: the next hit comes from disk
        TlsResponse hit = https("/big");
        assertThat(hit.xCache()).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(big);
        assertThat(origin.count("/big")).isEqualTo(1);
    }

    @Test
    void http2_isNegotiatedByAlpn_andServesFromTheSameCache() throws Exception {
        SslContext trustAll = Http2SslContextSpec.forClient()
                .configure(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE)).sslContext();
        HttpClient h2 = HttpClient.create()
                .protocol(HttpProtocol.H2)
                .secure(spec -> spec.sslContext(trustAll).serverNames(new SNIHostName(HOST)))
                .headers(h -> h.set("Host", HOST));
        String base = "https://127.0.0.1:" + edge.tlsPort();
        List<String> seen = Flux.range(0, 20)
                .flatMap(i -> h2.get().uri(base + "/h2").responseSingle((res, body) -> body.asString()
                        .map(b -> res.version() + " " + res.responseHeaders().get("X-Cache") + " " + b)))
                .collectList().block(Duration.ofSeconds(20));
        assertThat(seen).hasSize(20).allSatisfy(line -> assertThat(line).startsWith("HTTP/2.0 ").endsWith(" proto=https"));
        assertThat(origin.count("/h2")).isEqualTo(1); // coalesced and then cached, over one multiplexed connection
        assertThat(https("/h2").xCache()).isEqualTo("HIT"); // an HTTP/1.1 client shares the https object
        String head = h2.head().uri(base + "/h2")
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("").map(b -> res.status().code() + ":" + b))
                .block(Duration.ofSeconds(10));
        assertThat(head).isEqualTo("200:");
    }

    @Test
    void aListenerBehindATlsTerminatingBalancer_keysAndForwardsHttps() throws Exception {
        edge.close();
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).tlsOffloadListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("t").configFile(dir.resolve("edge.json")).build());
        Http.Response offloaded = Http.get(edge.tlsOffloadPort(), HOST, "/o");
        assertThat(offloaded.body()).isEqualTo("proto=https");
        assertThat(Http.get(edge.tlsOffloadPort(), HOST, "/o").header("X-Cache")).isEqualTo("HIT");
        Http.Response plain = Http.get(edge.port(), HOST, "/o");
        assertThat(plain.body()).isEqualTo("proto=http"); // the plain listener's copy is its own
        assertThat(origin.count("/o")).isEqualTo(2);
    }

    @Test
    void aDirectoryWithoutAUsablePair_stopsTheNodeFromStarting() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("broken.crt"), "garbage");
        Files.writeString(empty.resolve("broken.key"), "garbage");
        EdgeSettings settings = EdgeSettings.builder().listen("127.0.0.1", 0).tlsListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .tlsCertDir(empty).adminListen("127.0.0.1", 0).adminToken("t").configFile(dir.resolve("edge.json"))
                .build();
        assertThatThrownBy(() -> EdgeNode.start(settings).close())
                .isInstanceOf(EdgeNode.EdgeStartException.class)
                .hasMessageContaining("no usable certificate pair");
    }

    /** One https exchange on a fresh connection (so a fresh handshake), sending {@code sni} as the server name. */
    record TlsResponse(X509Certificate peer, String body, String xCache) {
    }

    TlsResponse exchange(String sni, String path) throws Exception {
        SslContext trustAll = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        AtomicReference<X509Certificate> peer = new AtomicReference<>();
        AtomicReference<String> xCache = new AtomicReference<>();
        String body = HttpClient.newConnection()
                .secure(spec -> spec.sslContext(trustAll).serverNames(new SNIHostName(sni)))
                .headers(h -> h.set("Host", HOST))
                .doOnResponse((res, conn) -> {
                    xCache.set(res.responseHeaders().get("X-Cache"));
                    try {
                        peer.set((X509Certificate) conn.channel().pipeline().get(SslHandler.class).engine()
                                .getSession().getPeerCertificates()[0]);
                    } catch (SSLPeerUnverifiedException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get().uri("https://127.0.0.1:" + edge.tlsPort() + path)
                .responseContent().aggregate().asString().defaultIfEmpty("")
                .block(Duration.ofSeconds(10));
        return new TlsResponse(peer.get(), body, xCache.get());
    }

    /** The leaf certificate the TLS listener presents to a client sending {@code sni}. */
    X509Certificate presented(String sni) throws Exception {
        return exchange(sni, "/").peer();
    }

    TlsResponse https(String path) throws Exception {
        return exchange(HOST, path);
    }
}
