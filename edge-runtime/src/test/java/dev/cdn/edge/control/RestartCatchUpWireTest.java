package dev.cdn.edge.control;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.PurgeCommand;
import dev.cdn.config.PurgeKind;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.DiskObjects;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import dev.cdn.edge.support.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An edge with a disk tier, killed, purged while down and restarted: no byte of the purged copy may be served, not
 * even in the moment between the listener binding and the replay of the missed purge (docs/operations.md, "Purges
 * survive an edge restart"). The control plane is scripted so the test decides when the replay arrives.
 */
@Tag("fault")
class RestartCatchUpWireTest {

    static final String HOST = "demo.localhost";
    static final String URL = "http://demo.localhost/u";

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final AtomicInteger fetches = new AtomicInteger();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    volatile Sinks.Many<String> stream = Sinks.many().replay().all();
    DisposableServer controlPlane;
    EdgeNode edge;

    @BeforeEach
    void setUp() {
        // Every fetch answers a body of its own: the copy cached before the purge is "copy 1".
        origin.script(s -> Reply.ok("copy " + fetches.incrementAndGet(), "Cache-Control", "max-age=600"));
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        stopControlPlane();
        origin.close();
    }

    void startControlPlane(int port) {
        controlPlane = HttpServer.create().host("127.0.0.1").port(port)
                .route(r -> r
                        .get("/v1/edge/events", (req, res) -> res.header("Content-Type", "application/x-ndjson")
                                .sendString(stream.asFlux().map(line -> line + "\n")))
                        .post("/v1/edge/acks", (req, res) -> req.receive().then(res.status(204).send())))
                .bindNow();
    }

    void stopControlPlane() {
        if (controlPlane != null) {
            stream.tryEmitComplete();
            try {
                controlPlane.disposeNow(Duration.ofSeconds(1));
            } catch (IllegalStateException slow) {
                // a stream still open after 1 s: the port is freed regardless
            }
            controlPlane = null;
        }
    }

    void send(EdgeEvent event) {
        stream.tryEmitNext(ConfigCodec.write(event));
    }

    EdgeNode startEdge(int port, int controlPort) throws Exception {
        Path certs = dir.resolve("certs");
        if (!Files.exists(certs)) {
            Files.createDirectories(certs);
            TestCertificates.write(certs, "demo", HOST);
        }
        // With a TLS listener, as production edges run: its start falls between the plain listener's bind and the
        // moment the node has caught up.
        return EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", port)
                .tlsListen("127.0.0.1", 0).tlsCertDir(certs)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("secret")
                .controlPlane(URI.create("http://127.0.0.1:" + controlPort), "edge-token")
                .stateDir(dir.resolve("state")).diskDir(dir.resolve("disk")).diskBytes(8 * 1024 * 1024)
                .clock(clock).maxBackoff(Duration.ofMillis(100)).build());
    }

    /** Caches copy 1 of U on disk and stops the edge without anything newer persisted, as a kill would. */
    void cacheThenKill() throws Exception {
        startControlPlane(0);
        edge = startEdge(0, controlPlane.port());
        send(EdgeEvent.config(1, Configs.service("demo", 1, HOST, origin.port())));
        send(EdgeEvent.heartbeat(1));
        until(() -> edge.appliedSeq() == 1 && Files.exists(dir.resolve("state").resolve("applied-seq")));
        assertThat(get(edge.port()).body()).isEqualTo("copy 1");
        until(() -> objectsOnDisk() == 1);
        edge.close();
        edge = null;
    }

    long objectsOnDisk() {
        return DiskObjects.published(dir.resolve("disk")).size();
    }

    boolean diskHolds(String body) {
        return DiskObjects.anyHolds(dir.resolve("disk"), body);
    }

    Http.Response get(int port) {
        return Http.get(port, HOST, "/u");
    }

    @Test
    void purgeWhileDown_noPurgedByteIsServed_fromTheFirstRequestAfterRestart() throws Exception {
        cacheThenKill();
        // The control plane logged a purge of U while the edge was down; it holds the replay back until the test
        // releases it, so every request below falls in the window before the edge has caught up.
        int cpPort = controlPlane.port();
        stopControlPlane();
        stream = Sinks.many().replay().all();
        startControlPlane(cpPort);
        int port = freePort();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Clients already knocking when the listener binds, as they do when a killed edge comes back.
            Thread t = new Thread(() -> {
                while (polling.get()) {
                    String answer = rawGet(port);
                    if (answer != null) {
                        seen.add(answer);
                    }
                }
            });
            t.start();
            pollers.add(t);
        }
        edge = startEdge(port, cpPort);
        until(() -> seen.size() >= 20);
        Http.Response beforeCatchUp = get(port);
        assertThat(beforeCatchUp.body()).isNotEqualTo("copy 1");

        send(EdgeEvent.purge(2, new PurgeCommand("p-1", "demo", PurgeKind.URL, List.of(URL), false)));
        send(EdgeEvent.heartbeat(2));
        until(() -> edge.appliedSeq() == 2);
        int before = seen.size();
        until(() -> seen.size() >= before + 20);
        polling.set(false);
        for (Thread t : pollers) {
            t.join(5000);
        }
        assertThat(get(port).body()).isNotEqualTo("copy 1");
        assertThat(seen).isNotEmpty().noneMatch(answer -> answer.endsWith("\r\n\r\ncopy 1"));
    }

    @Test
    void controlPlaneAwayPastFailStatic_diskIsServedMarkedUnverified_andNeverPromotedToRam() throws Exception {
        cacheThenKill();
        int cpPort = controlPlane.port();
        stopControlPlane();
        edge = startEdge(0, cpPort);
        Http.Response waiting = get(edge.port());
        // Before the fail-static timeout the disk is not trusted: a miss, filled afresh.
        assertThat(waiting.body()).isEqualTo("copy 2");
        assertThat(waiting.header("Cache-Status")).contains("fwd=uri-miss");
        // Once the fresh fill of copy 2 has replaced copy 1 on disk, restart again and wait out the fail-static timeout.
        until(() -> objectsOnDisk() == 1 && diskHolds("copy 2"));
        edge.close();
        edge = startEdge(0, cpPort);
        clock.advance(Duration.ofSeconds(11));
        for (int i = 0; i < 3; i++) {
            Http.Response r = get(edge.port());
            assertThat(r.body()).isEqualTo("copy 2");
            // Every answer is marked: the copy was not promoted into RAM, where it would pass for a verified hit.
            assertThat(r.header("Cache-Status")).isEqualTo("edge-1; hit; ttl=589; detail=disk-unverified");
        }
        assertThat(Http.get(edge.adminPort(), "127.0.0.1", "/metrics", "Authorization", "Bearer secret").body())
                .contains("edge_disk_unverified_hits_total 3.0");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** One request on a socket of its own; null when nothing listens yet. */
    static String rawGet(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /u HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException notYet) {
            return null;
        }
    }
}
