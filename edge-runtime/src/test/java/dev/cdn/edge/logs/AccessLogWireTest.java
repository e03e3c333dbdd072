package dev.cdn.edge.logs;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.BlockHoundSetup;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access records end to end on real sockets: a managed edge serves requests and ships their records to a
 * scripted control plane's {@code POST /v1/edge/logs}.
 */
class AccessLogWireTest {

    final ScriptedOrigin origin = new ScriptedOrigin().script(seen -> ScriptedOrigin.Reply.ok("hello",
            "Cache-Control", "max-age=60"));
    final Sinks.Many<String> events = Sinks.many().replay().all();
    final List<JsonNode> records = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final DisposableServer controlPlane;
    EdgeNode edge;

    AccessLogWireTest() {
        BlockHoundSetup.install();
        controlPlane = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r
                        .get("/v1/edge/events", (req, res) -> res.header("Content-Type", "application/x-ndjson")
                                .sendString(events.asFlux().map(line -> line + "\n")))
                        .post("/v1/edge/acks", (req, res) -> req.receive().then(res.status(204).send()))
                        .post("/v1/edge/stats", (req, res) -> req.receive().then(res.status(204).send()))
                        .post("/v1/edge/logs", (req, res) -> req.receive().aggregate().asString()
                                .doOnNext(body -> {
                                    authorizations.add(req.requestHeaders().get("Authorization"));
                                    JsonNode batch = JsonMapper.shared().readTree(body);
                                    batch.get("records").forEach(records::add);
                                })
                                .then(res.status(204).send())))
                .bindNow();
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        events.tryEmitComplete();
        try {
            controlPlane.disposeNow(Duration.ofSeconds(1));
        } catch (IllegalStateException slow) {
            // an event stream still open: the port is freed regardless
        }
        origin.close();
    }

    void startEdge(ServiceConfig... services) throws InterruptedException {
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-7").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0).adminToken("secret")
                .controlPlane(URI.create("http://127.0.0.1:" + controlPlane.port()), "edge-token").build());
        for (int i = 0; i < services.length; i++) {
            events.tryEmitNext(ConfigCodec.write(EdgeEvent.config(i + 1, services[i])));
        }
        events.tryEmitNext(ConfigCodec.write(EdgeEvent.heartbeat(services.length)));
        for (ServiceConfig s : services) {
            until(() -> edge.configVersion(s.id()).isPresent());
        }
    }

    private JsonNode recordWithCacheStatus(String status) {
        return records.stream().filter(r -> status.equals(r.get("cacheStatus").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no record with cacheStatus " + status + " in " + records));
    }

    static ServiceConfig sampled(String id, String domain, int originPort, double rate) {
        ServiceConfig c = Configs.service(id, 1, domain, originPort);
        return new ServiceConfig(c.id(), c.tenantId(), c.name(), c.version(), c.domains(), c.origins(), c.rules(),
                new ServiceSettings(null, false, List.of(), null, null, rate));
    }

    @Test
    void everyRequest_becomesARecord_withWhatTheEdgeDid() throws Exception {
        startEdge(Configs.service("demo", 1, "demo.localhost", origin.port()));

        assertThat(Http.get(edge.port(), "demo.localhost", "/a?x=1").header("X-Cache")).isEqualTo("MISS");
        assertThat(Http.get(edge.port(), "demo.localhost", "/a?x=1").header("X-Cache")).isEqualTo("HIT");

        until(() -> records.size() >= 2);
        assertThat(authorizations).allMatch("Bearer edge-token"::equals);
        // Each record is made when its request is over: the client may see the first response and send the second
        // request before the first one's record exists, so records are found by what they say, not by position.
        JsonNode miss = recordWithCacheStatus("MISS");
        assertThat(miss.get("serviceId").asString()).isEqualTo("demo");
        assertThat(miss.get("client").asString()).isEqualTo("127.0.0.1");
        assertThat(miss.get("method").asString()).isEqualTo("GET");
        assertThat(miss.get("url").asString()).isEqualTo("http://demo.localhost/a?x=1");
        assertThat(miss.get("status").asInt()).isEqualTo(200);
        assertThat(miss.get("bytes").asLong()).isEqualTo(5);
        assertThat(miss.get("cacheStatus").asString()).isEqualTo("MISS");
        assertThat(miss.get("originMillis").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(miss.get("edge").asString()).isEqualTo("edge-7");
        assertThat(miss.get("rule").asString()).isEqualTo("default");
        assertThat(miss.get("time").asString()).endsWith("Z");
        JsonNode hit = recordWithCacheStatus("HIT");
        assertThat(hit.has("originMillis")).as("a hit fetched nothing").isFalse();
        assertThat(edge.logShipper().dropped()).isZero();
    }

    @Test
    void aServiceSampledAtZero_logsNothing_whileAnotherLogsEverything() throws Exception {
        startEdge(sampled("quiet", "quiet.localhost", origin.port(), 0.0),
                sampled("loud", "loud.localhost", origin.port(), 1.0));
        for (int i = 0; i < 20; i++) {
            Http.get(edge.port(), "quiet.localhost", "/q" + i);
        }
        Http.get(edge.port(), "loud.localhost", "/last");
        until(() -> !records.isEmpty());
        edge.logShipper().shipAll().block(Duration.ofSeconds(10));
        assertThat(records).extracting(r -> r.get("serviceId").asString()).containsOnly("loud");
    }

    @Test
    void aControlPlaneThatNeverAnswers_costsBoundedMemory_andCountsTheDrops() throws Exception {
        DisposableServer silent = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.post("/v1/edge/logs", (req, res) -> Mono.never()))
                .bindNow();
        LogBuffer buffer = new LogBuffer(100);
        try (LogShipper shipper = new LogShipper(buffer, "http://127.0.0.1:" + silent.port(), "t", "edge-7", 50,
                Duration.ofHours(1), Duration.ofMillis(200))) {
            AccessLog log = new AccessLog(buffer);
            for (int i = 0; i < 1_000; i++) {
                log.record(1.0, () -> LogBufferTest.record(0));
            }
            assertThat(buffer.size()).isEqualTo(100);
            assertThat(buffer.droppedFull()).isEqualTo(900);
            shipper.shipAll().block(Duration.ofSeconds(10));
            assertThat(shipper.droppedDelivery()).as("the batch that timed out").isEqualTo(50);
            assertThat(shipper.dropped()).isEqualTo(950);
        } finally {
            silent.disposeNow(Duration.ofSeconds(1));
        }
    }

    @Test
    void theDropCounter_isAMetric() throws Exception {
        startEdge(Configs.service("demo", 1, "demo.localhost", origin.port()));
        String scrape = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        assertThat(scrape).contains("edge_log_records_dropped_total{reason=\"buffer-full\"}")
                .contains("edge_log_records_dropped_total{reason=\"delivery-failed\"}")
                .contains("edge_log_buffer_records");
    }
}
