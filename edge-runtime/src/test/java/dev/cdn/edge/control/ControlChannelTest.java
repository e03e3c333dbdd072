package dev.cdn.edge.control;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.PurgeCommand;
import dev.cdn.config.PurgeKind;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

class ControlChannelTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path stateDir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    final List<String> connects = new CopyOnWriteArrayList<>();
    final List<String> acks = new CopyOnWriteArrayList<>();
    final List<String> authHeaders = new CopyOnWriteArrayList<>();
    /** The Content-Type of each ack request. */
    final List<String> ackRequests = new CopyOnWriteArrayList<>();
    volatile boolean offerAckStream;
    volatile Sinks.Many<String> stream = Sinks.many().replay().all();
    DisposableServer controlPlane;
    EdgeNode edge;

    void startControlPlane() {
        controlPlane = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r
                        .get("/v1/edge/events", (req, res) -> {
                            connects.add(req.uri());
                            authHeaders.add(req.requestHeaders().get("Authorization") + "|"
                                    + req.requestHeaders().get("X-Edge-Id") + "|" + req.requestHeaders().get("X-Edge-Role")
                                    + "|" + req.requestHeaders().get("X-Edge-Pop"));
                            if (offerAckStream) {
                                res.header("X-Edge-Acks", "application/x-ndjson");
                            }
                            return res.header("Content-Type", "application/x-ndjson")
                                    .sendString(stream.asFlux().map(line -> line + "\n"));
                        })
                        .post("/v1/edge/acks", (req, res) -> {
                            ackRequests.add(req.requestHeaders().get("Content-Type"));
                            // Chunks as they come: an ack stream's body only ends with the stream.
                            return req.receive().asString().doOnNext(acks::add).then(res.status(204).send());
                        }))
                .bindNow();
    }

    EdgeNode startEdge() {
        return EdgeNode.start(EdgeSettings.builder().nodeId("edge-7").pop("fra").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("secret")
                .controlPlane(URI.create("http://127.0.0.1:" + controlPlane.port()), "edge-token")
                .stateDir(stateDir).maxBackoff(Duration.ofMillis(200)).build());
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        if (controlPlane != null) {
            stream.tryEmitComplete(); // end open streams so the server shuts down without waiting them out
            try {
                controlPlane.disposeNow(Duration.ofSeconds(1));
            } catch (IllegalStateException slow) {
                // a stream still open after 1 s: the port is freed regardless
            }
        }
        origin.close();
    }

    ServiceConfig service(long version) {
        return Configs.service("demo", version, HOST, origin.port());
    }

    void send(EdgeEvent event) {
        stream.tryEmitNext(ConfigCodec.write(event));
    }

    @Test
    void configThenPurge_thenReconnectResumesAfterAppliedSeq() throws Exception {
        startControlPlane();
        edge = startEdge();
        send(EdgeEvent.config(1, service(1)));
        until(() -> edge.configVersion("demo").isPresent());
        assertThat(authHeaders.get(0)).isEqualTo("Bearer edge-token|edge-7|edge|fra");
        assertThat(connects.get(0)).isEqualTo("/v1/edge/events?after=0");

        assertThat(Http.get(edge.port(), HOST, "/x").header("X-Cache")).isEqualTo("MISS");
        assertThat(Http.get(edge.port(), HOST, "/x").header("X-Cache")).isEqualTo("HIT");

        send(EdgeEvent.purge(2, new PurgeCommand("p-1", "demo", PurgeKind.URL, List.of("http://demo.localhost/x"), false)));
        until(() -> edge.appliedSeq() == 2);
        assertThat(Http.get(edge.port(), HOST, "/x").header("X-Cache")).isEqualTo("MISS");
        until(() -> String.join("", acks).contains("\"purgeId\":\"p-1\""));
        assertThat(String.join("", acks)).contains("\"nodeId\":\"edge-7\"").contains("\"status\":\"applied\"")
                .contains("\"version\":1");

        // A newer version applies.
        send(EdgeEvent.config(3, service(1)));
        send(EdgeEvent.config(4, service(2)));
        until(() -> edge.appliedSeq() == 4);
        assertThat(edge.configVersion("demo")).hasValue(2);

        // The control plane drops the stream: the edge reconnects with after=<applied seq>.
        stream.tryEmitComplete();
        stream = Sinks.many().replay().all();
        until(() -> connects.size() >= 2);
        assertThat(connects.get(1)).isEqualTo("/v1/edge/events?after=4");
    }

    @Test
    void rollback_appliesTheLowerVersionActivatedLater_andAcksIt() throws Exception {
        startControlPlane();
        edge = startEdge();
        send(EdgeEvent.config(1, service(2)));
        send(EdgeEvent.config(2, service(3)));
        until(() -> edge.appliedSeq() == 2);
        assertThat(edge.configVersion("demo")).hasValue(3);

        send(EdgeEvent.config(3, service(2))); // the control plane activated version 2 again: a rollback
        until(() -> edge.appliedSeq() == 3);
        assertThat(edge.configVersion("demo")).as("the last activation wins, not the highest version").hasValue(2);
        until(() -> String.join("", acks).contains("{\"seq\":3,"));
        assertThat(String.join("", acks)).contains("{\"seq\":3,\"serviceId\":\"demo\",\"version\":2,\"status\":\"applied\"}");
    }

    @Test
    void ackStream_whenOffered_carriesEveryAckOnOneRequest() throws Exception {
        offerAckStream = true;
        startControlPlane();
        edge = startEdge();
        send(EdgeEvent.config(1, service(1)));
        send(EdgeEvent.purge(2, new PurgeCommand("p-1", "demo", PurgeKind.URL, List.of("http://demo.localhost/x"), false)));
        send(EdgeEvent.purge(3, new PurgeCommand("p-2", "demo", PurgeKind.TAG, List.of("t"), false)));
        until(() -> String.join("", acks).contains("\"purgeId\":\"p-2\""));

        assertThat(String.join("", acks)).contains("\"purgeId\":\"p-1\"").contains("\"version\":1")
                .contains("\"nodeId\":\"edge-7\"");
        assertThat(ackRequests).containsExactly("application/x-ndjson");
        assertThat(String.join("", acks).split("\n")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line).startsWith("{\"nodeId\":\"edge-7\"").endsWith("}"));
    }

    @Test
    void acks_withoutAnAckStreamOffered_arePostedOneRequestEach() throws Exception {
        startControlPlane();
        edge = startEdge();
        send(EdgeEvent.config(1, service(1)));
        until(() -> String.join("", acks).contains("\"version\":1"));
        send(EdgeEvent.purge(2, new PurgeCommand("p-1", "demo", PurgeKind.URL, List.of("http://demo.localhost/x"), false)));
        until(() -> String.join("", acks).contains("\"purgeId\":\"p-1\""));

        assertThat(ackRequests).hasSize(2).allSatisfy(type -> assertThat(type).isEqualTo("application/json"));
    }

    @Test
    void badConfig_isNacked_andLastGoodStays() throws Exception {
        startControlPlane();
        edge = startEdge();
        send(EdgeEvent.config(1, service(1)));
        String bad = ConfigCodec.write(EdgeEvent.config(2, service(2))).replace("\"127.0.0.1\"", "\"not a host\"");
        stream.tryEmitNext(bad);
        until(() -> edge.appliedSeq() == 2);
        assertThat(edge.configVersion("demo")).hasValue(1);
        until(() -> String.join("", acks).contains("\"status\":\"failed\""));
        assertThat(Http.get(edge.port(), HOST, "/x").status()).isEqualTo(200);
    }

    @Test
    void eventMissingItsBody_isNackedCountedAndPassed_withoutDroppingTheStream() throws Exception {
        startControlPlane();
        edge = startEdge();
        send(EdgeEvent.config(1, service(1)));
        stream.tryEmitNext("{\"seq\":2,\"type\":\"purge\",\"serviceId\":\"demo\"}");
        send(EdgeEvent.config(3, service(2)));
        until(() -> edge.configVersion("demo").equals(java.util.OptionalLong.of(2)));
        until(() -> String.join("", acks).contains("\"seq\":2"));
        assertThat(String.join("", acks)).contains("\"status\":\"failed\"").contains("purge: is required");
        assertThat(connects).as("the bad line neither crashed nor dropped the stream").hasSize(1);
        String scrape = Http.get(edge.adminPort(), "admin", "/metrics", "Authorization", "Bearer secret").body();
        assertThat(scrape).contains("edge_control_refused_total 1.0");
    }

    @Test
    void removeEvent_stopsServingTheService() throws Exception {
        startControlPlane();
        edge = startEdge();
        send(EdgeEvent.config(1, service(1)));
        send(EdgeEvent.remove(2, "demo"));
        until(() -> edge.appliedSeq() == 2);
        assertThat(edge.configVersion("demo")).isEmpty();
        assertThat(Http.get(edge.port(), HOST, "/x").status()).isEqualTo(404);
    }

    @Test
    void failStatic_restartedEdgeServesPersistedConfig_whileControlPlaneIsDown() throws Exception {
        startControlPlane();
        edge = startEdge();
        send(EdgeEvent.config(5, service(3)));
        send(EdgeEvent.heartbeat(5)); // the end of the backlog: state is persisted from here on
        until(() -> edge.appliedSeq() == 5);
        until(() -> stateDir.resolve("applied-seq").toFile().exists());
        edge.close();
        int cpPort = controlPlane.port();
        stream.tryEmitComplete();
        controlPlane.disposeNow(Duration.ofSeconds(1));
        controlPlane = null;

        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-7").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("secret")
                .controlPlane(URI.create("http://127.0.0.1:" + cpPort), "edge-token")
                .stateDir(stateDir).maxBackoff(Duration.ofMillis(200)).build());
        assertThat(edge.configVersion("demo")).hasValue(3);
        assertThat(edge.appliedSeq()).isEqualTo(5);
        assertThat(Http.get(edge.port(), HOST, "/x").status()).isEqualTo(200);
    }

    @Test
    void idleStream_isDroppedAndReopened() throws Exception {
        startControlPlane();
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-7").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("secret")
                .controlPlane(URI.create("http://127.0.0.1:" + controlPlane.port()), "edge-token")
                .controlIdleTimeout(Duration.ofMillis(300)).maxBackoff(Duration.ofMillis(100)).build());
        send(EdgeEvent.config(1, service(1)));
        until(() -> connects.size() >= 2);
        assertThat(connects.get(connects.size() - 1)).isEqualTo("/v1/edge/events?after=1");
    }

    @Test
    void backoff_isFullJitterUnderADoublingCeiling() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), () -> 1.0);
        assertThat(List.of(b.ceilingMillis(0), b.ceilingMillis(1), b.ceilingMillis(2), b.ceilingMillis(6), b.ceilingMillis(40)))
                .containsExactly(200L, 400L, 800L, 10_000L, 10_000L);
        assertThat(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), () -> 0.5).delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(Flux.range(0, 50).map(i -> new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10),
                () -> Math.random()).delay(3).toMillis()).collectList().block()).allSatisfy(d -> assertThat(d).isBetween(0L, 1600L));
    }
}
