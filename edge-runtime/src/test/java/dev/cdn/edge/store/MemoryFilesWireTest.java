package dev.cdn.edge.store;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.BlockHoundSetup;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import dev.cdn.edge.support.TestCertificates;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** RAM-tier bodies in memory-backed files on real sockets: sendfile over plain HTTP, the mapping over TLS. */
class MemoryFilesWireTest {

    static final String HOST = "demo.localhost";
    static final Path SHM = Path.of("/dev/shm");
    static final int SIZE = 100 * 1024;
    /** Every offset tells: a range sent from the wrong place in the file cannot pass. */
    static final String BODY = body(SIZE);

    @TempDir
    Path dir;
    Path files;
    ScriptedOrigin origin;
    EdgeNode edge;

    static final String PAGE = "<html>" + "p".repeat(70_000) + "<esi:include src=\"/fragment\"/></html>";

    static String body(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; b.length() < n; i++) {
            b.append(i).append(',');
        }
        return b.substring(0, n);
    }

    @BeforeAll
    static void blockHound() {
        BlockHoundSetup.install(); // sending from the file never blocks an event loop
    }

    @BeforeEach
    void setUp() throws IOException {
        origin = new ScriptedOrigin();
        origin.script(s -> {
            if (s.uri().equals("/page")) { // a large ESI page: assembled from the file's mapping, never sent from it
                return Reply.ok(PAGE, "Cache-Control", "max-age=600", "Content-Type", "text/html",
                        "Surrogate-Control", "content=\"ESI/1.0\", max-age=600");
            }
            return Reply.ok(s.uri().startsWith("/big") ? BODY : "small " + s.uri(), "Cache-Control", "max-age=600");
        });
        ServiceConfig service = Configs.service("demo", 1, HOST, origin.port());
        service = new ServiceConfig(service.id(), service.tenantId(), service.name(), service.version(),
                service.domains(), service.origins(), service.rules(),
                new ServiceSettings(null, false, List.of(), 4L * 1024 * 1024));
        Files.write(dir.resolve("edge.json"), ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (edge != null) {
            edge.close();
        }
        origin.close();
        if (files != null && Files.isDirectory(files)) {
            try (Stream<Path> s = Files.list(files)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(files);
        }
    }

    void start() throws Exception {
        assumeTrue(Files.isDirectory(SHM) && "tmpfs".equals(Files.getFileStore(SHM).type()), "/dev/shm is a tmpfs");
        files = SHM.resolve("cdn-test-bodies-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path certs = dir.resolve("certs");
        TestCertificates.write(certs, "demo", HOST);
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).tlsListen("127.0.0.1", 0)
                .tlsCertDir(certs).allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0)
                .adminToken("secret").configFile(dir.resolve("edge.json")).memoryBytes(4 * 1024 * 1024)
                .memoryFilesDir(files).build());
    }

    Http.Response get(String path, String... headers) {
        return Http.get(edge.port(), HOST, path, headers);
    }

    double metric(String name) {
        String text = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    HttpClient tlsClient() throws Exception {
        return HttpClient.create().headers(h -> h.set("Host", HOST)).secure(spec -> {
            try {
                spec.sslContext(SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .build()).serverNames(new SNIHostName(HOST));
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aLargeHit_isSentFromItsFile_wholeInRanges_andOverTls() throws Exception {
        start();
        assertThat(get("/big").header("X-Cache")).isEqualTo("MISS");
        Http.Response hit = get("/big");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(BODY);
        assertThat(metric("edge_store_files_bytes")).isEqualTo(SIZE);
        assertThat(metric("edge_store_files_sendfile_total")).as("the hit went out with sendfile").isEqualTo(1);
        try (Stream<Path> s = Files.list(files)) {
            assertThat(s.count()).as("bodies' files are unlinked once open").isZero();
        }

        Http.Response range = get("/big", "Range", "bytes=54321-60000");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.header("Content-Range")).isEqualTo("bytes 54321-60000/" + SIZE);
        assertThat(range.body()).isEqualTo(BODY.substring(54321, 60001));
        Http.Response tail = get("/big", "Range", "bytes=-7");
        assertThat(tail.body()).isEqualTo(BODY.substring(SIZE - 7));
        assertThat(metric("edge_store_files_sendfile_total")).as("ranges too").isEqualTo(3);

        Http.Response head = Http.request(HttpMethod.HEAD, edge.port(), HOST, "/big", null);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(SIZE));
        assertThat(head.body()).isEmpty();

        // https is keyed apart from http: a miss, then a hit sent from the file's mapping through TLS
        HttpClient tls = tlsClient();
        for (String expected : new String[] {"MISS", "HIT"}) {
            String overTls = tls.get().uri("https://127.0.0.1:" + edge.tlsPort() + "/big")
                    .responseSingle((r, b) -> {
                        assertThat(r.responseHeaders().get("X-Cache")).isEqualTo(expected);
                        return b.asString();
                    }).block(Duration.ofSeconds(30));
            assertThat(overTls).isEqualTo(BODY);
        }
        assertThat(get("/small").body()).isEqualTo("small /small");
        assertThat(metric("edge_store_files_bytes")).as("two large bodies; a small one stays in a direct buffer")
                .isEqualTo(2 * SIZE);
        assertThat(origin.count("/big")).isEqualTo(2);
        assertThat(metric("edge_store_files_sendfile_total")).as("TLS sends the mapping: no more sendfile")
                .isEqualTo(3);
    }

    @Test
    void aLargeEsiPage_isAssembledFromItsFile_notSentAsItIs() throws Exception {
        start();
        String assembled = "<html>" + "p".repeat(70_000) + "small /fragment</html>";
        for (String expected : new String[] {"MISS", "HIT"}) {
            Http.Response page = get("/page");
            assertThat(page.header("X-Cache")).isEqualTo(expected);
            assertThat(page.body()).as(expected).isEqualTo(assembled);
        }
        assertThat(metric("edge_store_files_bytes")).as("the page's body is in a file").isGreaterThan(70_000);
        assertThat(metric("edge_store_files_sendfile_total")).isZero();
        assertThat(origin.count("/page")).isEqualTo(1);
    }

    @Test
    @Timeout(120)
    void clientsLeavingMidBody_andAPurge_leaveNoFileBehind() throws Exception {
        start();
        get("/big");
        HttpClient plain = HttpClient.create().headers(h -> h.set("Host", HOST));
        HttpClient tls = tlsClient();
        tls.get().uri("https://127.0.0.1:" + edge.tlsPort() + "/big").responseSingle((r, b) -> b.asString())
                .block(Duration.ofSeconds(30));
        AtomicInteger whole = new AtomicInteger();
        AtomicInteger left = new AtomicInteger();
        Flux.range(0, 40).flatMap(i -> {
            String url = i % 4 < 2 ? "http://127.0.0.1:" + edge.port() + "/big"
                    : "https://127.0.0.1:" + edge.tlsPort() + "/big";
            Flux<byte[]> content = (i % 4 < 2 ? plain : tls).get().uri(url).responseContent().asByteArray();
            if (i % 2 == 0) {
                return content.take(1).doOnComplete(left::incrementAndGet).then().onErrorResume(e -> Mono.empty());
            }
            return content.reduce(new StringBuilder(), (b, bytes) -> b.append(new String(bytes,
                            java.nio.charset.StandardCharsets.US_ASCII)))
                    .doOnNext(b -> {
                        if (b.toString().equals(BODY)) {
                            whole.incrementAndGet();
                        }
                    }).then();
        }, 8).blockLast(Duration.ofSeconds(90));
        assertThat(whole.get()).as("whole bodies").isEqualTo(20);
        assertThat(left.get()).as("clients that left mid-body").isEqualTo(20);
        assertThat(origin.count("/big")).as("every later request a hit (http and https keyed apart)").isEqualTo(2);

        Http.Response purge = Http.request(HttpMethod.POST, edge.adminPort(), "a", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"all\",\"values\":[],\"soft\":false}",
                "Authorization", "Bearer secret", "Content-Type", "application/json");
        assertThat(purge.status()).isEqualTo(200);
        until(() -> metric("edge_store_files_bytes") == 0);
        assertThat(metric("edge_store_direct_bytes")).isZero();
    }

    @Test
    void aDirectoryOnDisk_isRefusedAtStart() throws Exception {
        assumeFalse("tmpfs".equals(Files.getFileStore(dir).type()), "the temp directory is not itself a tmpfs");
        assertThatThrownBy(() -> EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0).adminToken("secret")
                .configFile(dir.resolve("edge.json")).memoryFilesDir(dir.resolve("bodies")).build()))
                .isInstanceOf(EdgeNode.EdgeStartException.class)
                .hasMessageContaining("--memory-files")
                .hasMessageContaining("must be a tmpfs");
    }
}
