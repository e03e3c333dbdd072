package dev.cdn.edge.store;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.LeakRecorder;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import dev.cdn.edge.support.TestCertificates;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Disk hits over TLS, read in chunks into pooled direct buffers, under Netty's paranoid leak detection (the Surefire
 * execution for *LeakStressTest): clients that read the whole body get every byte, clients that leave after the first
 * chunk leave no buffer behind.
 */
class DiskTlsLeakStressTest {

    static final String HOST = "demo.localhost";
    static final int SIZE = 1536 * 1024; // larger than the 1 MiB RAM tier admits: every hit comes from disk

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void diskHitsOverTls_wholeOrLeftMidBody_leakNoBuffer() throws Exception {
        assertThat(LeakRecorder.active()).as("run through the stress Surefire execution (paranoid leak detection)")
                .isTrue();
        Path certs = dir.resolve("certs");
        TestCertificates.write(certs, "demo", HOST);
        String body = "d".repeat(SIZE);
        try (ScriptedOrigin origin = new ScriptedOrigin()) {
            origin.script(s -> Reply.ok(body, "Cache-Control", "max-age=600"));
            ServiceConfig service = Configs.service("demo", 1, HOST, origin.port());
            service = new ServiceConfig(service.id(), service.tenantId(), service.name(), service.version(),
                    service.domains(), service.origins(), service.rules(),
                    new ServiceSettings(null, false, List.of(), 4L * 1024 * 1024));
            Files.write(dir.resolve("edge.json"), ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
            Path disk = dir.resolve("disk");
            try (EdgeNode edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).tlsListen("127.0.0.1", 0)
                    .allowedPrivateOrigins("127.0.0.1").tlsCertDir(certs).adminListen("127.0.0.1", 0).adminToken("t")
                    .configFile(dir.resolve("edge.json")).memoryBytes(1024 * 1024).diskDir(disk).build())) {
                SslContext trustAll = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .build();
                HttpClient client = HttpClient.create().headers(h -> h.set("Host", HOST))
                        .secure(spec -> spec.sslContext(trustAll).serverNames(new SNIHostName(HOST)));
                String url = "https://127.0.0.1:" + edge.tlsPort() + "/big";
                assertThat(client.get().uri(url).responseSingle((r, b) -> b.asString()).block(Duration.ofSeconds(30)))
                        .isEqualTo(body);
                until(() -> metric(edge, "edge_disk_objects") == 1 && metric(edge, "edge_disk_pending_writes") == 0);

                AtomicInteger whole = new AtomicInteger();
                AtomicInteger left = new AtomicInteger();
                Flux.range(0, 40).flatMap(i -> {
                    Flux<byte[]> content = client.get().uri(url).responseContent().asByteArray();
                    if (i % 2 == 0) {
                        return content.take(1).doOnComplete(left::incrementAndGet).then()
                                .onErrorResume(e -> Mono.empty());
                    }
                    return content.reduce(0L, (n, b) -> n + b.length)
                            .doOnNext(n -> {
                                if (n == SIZE) {
                                    whole.incrementAndGet();
                                }
                            }).then();
                }, 8).blockLast(Duration.ofSeconds(90));

                assertThat(whole.get()).as("whole bodies").isEqualTo(20);
                assertThat(left.get()).as("clients that left mid-body").isEqualTo(20);
                assertThat(origin.count("/big")).as("every later request a disk hit").isEqualTo(1);
            }
        }
        // Leaks are reported when a leaked buffer is collected and the detector next runs: collect, then allocate.
        for (int i = 0; i < 10; i++) {
            System.gc();
            PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
        }
        assertThat(LeakRecorder.leaks()).as("Netty buffers leaked").isEmpty();
    }

    static double metric(EdgeNode edge, String name) {
        String text = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer t").body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
