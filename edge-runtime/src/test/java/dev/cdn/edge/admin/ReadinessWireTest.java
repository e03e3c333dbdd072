package dev.cdn.edge.admin;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.EdgeEvent;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * {@code GET /readyz} on the admin listener, over real sockets: 200 only when the node can serve correctly, else 503
 * naming each failing check, while {@code /healthz} (liveness) stays 200 throughout.
 */
class ReadinessWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Sinks.Many<String> stream = Sinks.many().replay().all();
    DisposableServer controlPlane;
    EdgeNode edge;
    Path mount;

    @AfterEach
    void tearDown() throws Exception {
        if (edge != null) {
            edge.close();
        }
        if (controlPlane != null) {
            stream.tryEmitComplete();
            try {
                controlPlane.disposeNow(Duration.ofSeconds(1));
            } catch (IllegalStateException slow) {
                // a stream still open after 1 s: the port is freed regardless
            }
        }
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
            Files.deleteIfExists(mount);
        }
    }

    @Test
    void managedEdge_whoseControlPlaneIsUnreachableAtStart_isNotReady_untilItHasCaughtUp() throws Exception {
        int controlPort = freePort(); // nothing listens there yet
        edge = managedEdge(controlPort, clock);

        Http.Response notReady = readyz();
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.header("Content-Type")).startsWith("application/json");
        assertThat(notReady.body()).contains("\"ready\":false")
                .contains("\"check\":\"config\"").contains("\"check\":\"control-plane\"");
        assertThat(healthz().status()).as("liveness: the process answers").isEqualTo(200);

        // Even past the fail-static timeout: with nothing persisted the node has nothing to serve.
        clock.advance(Duration.ofSeconds(11));
        assertThat(readyz().status()).isEqualTo(503);

        startControlPlane(controlPort);
        stream.tryEmitNext(ConfigCodec.write(EdgeEvent.config(1, Configs.service("demo", 1, HOST, 9))));
        stream.tryEmitNext(ConfigCodec.write(EdgeEvent.heartbeat(1)));
        until(() -> readyz().status() == 200);
        assertThat(readyz().body()).contains("\"ready\":true");
    }

    @Test
    void managedEdge_restartedWithPersistedState_isReadyOncePastTheFailStaticTimeout_withoutItsControlPlane()
            throws Exception {
        startControlPlane(0);
        int controlPort = controlPlane.port();
        edge = managedEdge(controlPort, clock);
        stream.tryEmitNext(ConfigCodec.write(EdgeEvent.config(1, Configs.service("demo", 1, HOST, 9))));
        stream.tryEmitNext(ConfigCodec.write(EdgeEvent.heartbeat(1)));
        until(() -> Files.exists(dir.resolve("state").resolve("applied-seq")));
        until(() -> readyz().status() == 200);
        edge.close();
        stream.tryEmitComplete();
        controlPlane.disposeNow(Duration.ofSeconds(1));
        controlPlane = null;

        MutableClock restarted = new MutableClock(Instant.parse("2026-01-01T01:00:00Z"));
        edge = managedEdge(controlPort, restarted);
        Http.Response waiting = readyz();
        assertThat(waiting.status()).as("within the fail-static timeout it waits to catch up").isEqualTo(503);
        assertThat(waiting.body()).contains("\"check\":\"control-plane\"").doesNotContain("\"check\":\"config\"");

        restarted.advance(Duration.ofSeconds(11));
        Http.Response failStatic = readyz();
        assertThat(failStatic.status()).as("fail static: it serves its persisted configs").isEqualTo(200);
    }

    @Test
    void edgeWhoseDiskDirectoryBecomesUnwritable_isNotReady_whileItStaysLive() throws Exception {
        mount = Files.createTempDirectory("edge-readiness-disk");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor() == 0;
        if (!mounted) {
            Files.deleteIfExists(mount);
            mount = null;
        }
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (not root?)");
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST, 9)))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").allowedPrivateOrigins("127.0.0.1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("secret").configFile(file)
                .diskDir(mount.resolve("disk")).diskBytes(1024 * 1024).build());
        Http.Response ready = readyz();
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);

        // What the kernel does to a filesystem that hit I/O errors: it turns it read-only under the running process.
        Process ro = new ProcessBuilder("mount", "-o", "remount,ro", mount.toString()).redirectErrorStream(true).start();
        assertThat(ro.waitFor()).as(new String(ro.getInputStream().readAllBytes())).isZero();

        Http.Response notReady = readyz();
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.body()).contains("\"check\":\"disk\"").contains("\"reason\":\"disk-unwritable\"")
                .doesNotContain("\"check\":\"config\"");
        assertThat(healthz().status()).isEqualTo(200);

        Process rw = new ProcessBuilder("mount", "-o", "remount,rw", mount.toString()).redirectErrorStream(true).start();
        assertThat(rw.waitFor()).isZero();
        assertThat(readyz().status()).as("ready again once the disk is writable").isEqualTo(200);
    }

    EdgeNode managedEdge(int controlPort, MutableClock clock) throws IOException {
        Path disk = dir.resolve("disk");
        Files.createDirectories(disk);
        return EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").allowedPrivateOrigins("127.0.0.1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("secret")
                .controlPlane(URI.create("http://127.0.0.1:" + controlPort), "edge-token")
                .stateDir(dir.resolve("state")).diskDir(disk).diskBytes(1024 * 1024)
                .clock(clock).maxBackoff(Duration.ofMillis(100)).build());
    }

    void startControlPlane(int port) {
        controlPlane = HttpServer.create().host("127.0.0.1").port(port)
                .route(r -> r
                        .get("/v1/edge/events", (req, res) -> res.header("Content-Type", "application/x-ndjson")
                                .sendString(stream.asFlux().map(line -> line + "\n")))
                        .post("/v1/edge/acks", (req, res) -> req.receive().then(res.status(204).send())))
                .bindNow();
    }

    Http.Response readyz() {
        return Http.get(edge.adminPort(), "127.0.0.1", "/readyz");
    }

    Http.Response healthz() {
        return Http.get(edge.adminPort(), "127.0.0.1", "/healthz");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
