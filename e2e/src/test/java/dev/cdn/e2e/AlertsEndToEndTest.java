package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.testsupport.ScratchDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An alert on real traffic: requests through a real edge to an origin that fails, the edge's own statistics
 * report, the control plane's evaluator, and a signed webhook to a real receiver; then healthy traffic resolves it.
 */
class AlertsEndToEndTest {

    private static final String EDGE_TOKEN = "e2e-alerts-edge-token";
    private static final String DOMAIN = "alerts.e2e.localhost";

    private record Delivery(String timestamp, String signature, byte[] body) {
    }

    private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private static DisposableServer origin;
    private static DisposableServer receiver;
    private static ConfigurableApplicationContext api;
    private static EdgeNode edge;
    private static Http http;
    private static Path state;

    @BeforeAll
    static void start() {
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.uri().startsWith("/broken/")
                        ? res.status(503).header("Cache-Control", "no-store").sendString(Mono.just("down"))
                        : req.uri().startsWith("/slow/")
                        ? res.header("Cache-Control", "no-store")
                                .sendString(Mono.delay(Duration.ofMillis(300)).thenReturn("slow"))
                        : res.header("Cache-Control", "public, max-age=300").sendString(Mono.just("fine")))
                .bindNow();
        receiver = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().flatMap(body -> {
                    deliveries.add(new Delivery(req.requestHeaders().get("X-CDN-Timestamp"),
                            req.requestHeaders().get("X-CDN-Signature"), body));
                    return res.status(204).send().then();
                }))
                .bindNow();
        api = TestControlPlane.start(EDGE_TOKEN, "e2e-alerts-operator", "--cdn.alerts.interval=500ms");
        http = new Http(TestControlPlane.port(api));
        state = ScratchDirs.create("cdn-e2e-alerts");
        edge = EdgeNode.start(TestEdges.onLoopback("edge-alerts", EdgeRole.EDGE, "test", TestControlPlane.uri(api),
                        EDGE_TOKEN)
                .stateDir(state.resolve("edge")).build());
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (api != null) {
            api.close();
        }
        if (receiver != null) {
            receiver.disposeNow();
        }
        if (origin != null) {
            origin.disposeNow();
        }
        ScratchDirs.deleteQuietly(state);
    }

    @Test
    void errorRateAlert_firesOnFailingTrafficThroughTheEdge_andResolvesOnHealthyTraffic() throws Exception {
        String token = TestTenants.signUp(http, "Alerts", "owner@alerts.e2e.test");
        String service = TestTenants.activeService(http, token, "alerts", List.of(DOMAIN), origin.port());
        Http.Response rule = http.post("/v1/services/" + service + "/alerts", token, Map.of("kind", "error_rate_above",
                "threshold", 0.2, "windowSeconds", 120, "webhookUrl", "http://127.0.0.1:" + receiver.port() + "/cdn"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        String secret = rule.json().get("webhookSecret").asString();
        await("the edge runs the service", () -> edge.configVersion(service).orElse(0) == 1);

        for (int i = 0; i < 20; i++) {
            assertThat(http.viaEdge(edge.port(), DOMAIN, "/broken/" + i).status()).isEqualTo(503);
        }
        await("the rule fires and the webhook is delivered", () -> deliveries.size() == 1);
        JsonNode firing = verified(deliveries.get(0), secret);
        assertThat(firing.get("state").asString()).isEqualTo("firing");
        assertThat(firing.get("value").asDouble()).isEqualTo(1.0);

        for (int i = 0; i < 100; i++) {
            assertThat(http.viaEdge(edge.port(), DOMAIN, "/ok/" + (i % 10)).status()).isEqualTo(200);
        }
        await("the rule resolves", () -> deliveries.size() == 2);
        assertThat(verified(deliveries.get(1), secret).get("state").asString()).isEqualTo("resolved");

        JsonNode history = http.get("/v1/services/" + service + "/alert-history", token).json().get("items");
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).get("state").asString()).isEqualTo("resolved");
        assertThat(history.get(0).get("detail").asString()).contains("of 120 responses");
    }

    @Test
    void originLatencyAlert_firesWhenTheEdgeTimesASlowOrigin() {
        String token = TestTenants.signUp(http, "Slow", "owner@slow.e2e.test");
        String service = TestTenants.activeService(http, token, "slow", List.of("slow.e2e.localhost"), origin.port());
        assertThat(http.post("/v1/services/" + service + "/alerts", token, Map.of("kind", "origin_latency_p95_above",
                "threshold", 200, "windowSeconds", 60)).status()).isEqualTo(201);
        await("the edge runs the service", () -> edge.configVersion(service).orElse(0) == 1);

        for (int i = 0; i < 12; i++) {
            assertThat(http.viaEdge(edge.port(), "slow.e2e.localhost", "/slow/" + i).status()).isEqualTo(200);
        }
        await("the origin-latency rule fires", () -> http.get("/v1/services/" + service + "/alert-history", token)
                .json().get("items").size() == 1);
        JsonNode event = http.get("/v1/services/" + service + "/alert-history", token).json().get("items").get(0);
        assertThat(event.get("state").asString()).isEqualTo("firing");
        // 300 ms fall in the bucket up to 500 ms; a busy machine may push some into the next one.
        assertThat(event.get("value").asDouble()).isGreaterThanOrEqualTo(500);
        assertThat(event.get("detail").asString()).contains("over 12 timed origin requests");
    }

    /** The receiver's check, as docs/observability.md describes it: HMAC-SHA256 of "timestamp.body". */
    private static JsonNode verified(Delivery d, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((d.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
        assertThat(d.signature()).isEqualTo("v1=" + HexFormat.of().formatHex(mac.doFinal(d.body())));
        return JsonMapper.shared().readTree(d.body());
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(30), () -> "", condition);
    }
}
