package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The URL debugger and live logs end to end: the control plane, a shield and an edge on real sockets, and one more
 * node that is connected but never answers probes.
 */
class ObservabilityEndToEndTest {

    private static final String EDGE_TOKEN = "e2e-edge-token";
    private static final String DOMAIN = "debug.e2e.localhost";

    private static DisposableServer origin;
    private static ConfigurableApplicationContext api;
    private static EdgeNode shield;
    private static EdgeNode edge;
    private static Http http;
    private static int apiPort;
    private static String token;
    private static String serviceId;

    @BeforeAll
    static void startPlatform() {
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.header("Cache-Control", "public, max-age=300")
                        .header("Content-Type", "text/plain").header("ETag", "\"v1\"")
                        .sendString(Mono.just("origin: " + req.uri())))
                .bindNow();
        api = TestControlPlane.start(EDGE_TOKEN, "e2e-operator-token");
        apiPort = TestControlPlane.port(api);
        URI controlPlane = TestControlPlane.uri(api);
        shield = EdgeNode.start(TestEdges.onLoopback("shield-dbg", EdgeRole.SHIELD, "test", controlPlane, EDGE_TOKEN)
                .build());
        edge = EdgeNode.start(TestEdges.onLoopback("edge-dbg", EdgeRole.EDGE, "test", controlPlane, EDGE_TOKEN)
                .shield(URI.create("http://127.0.0.1:" + shield.port())).build());
        http = new Http(apiPort);

        token = TestTenants.signUp(http, "Debug", "owner@debug.localhost");
        serviceId = TestTenants.activeService(http, token, "debug", List.of(DOMAIN), origin.port());
        await("edge and shield run version 1", () -> edge.configVersion(serviceId).orElse(0) == 1
                && shield.configVersion(serviceId).orElse(0) == 1);
    }

    @AfterAll
    static void stopPlatform() {
        for (AutoCloseable c : new AutoCloseable[]{edge, shield, api}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (origin != null) {
            origin.disposeNow();
        }
    }

    static Map<String, JsonNode> byNode(JsonNode trace) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        trace.get("nodes").forEach(n -> out.put(n.get("nodeId").asString(), n));
        return out;
    }

    @Test
    void debugger_tracesTheUrlThroughEachTier_beforeAndAfterItIsCached() {
        String url = "http://" + DOMAIN + "/products/7?b=2&a=1";
        Http.Response before = http.get("/v1/services/" + serviceId + "/debug?url="
                + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8), token);
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        Map<String, JsonNode> cold = byNode(before.json());
        assertThat(cold).containsKeys("edge-dbg", "shield-dbg");
        JsonNode edgeCold = cold.get("edge-dbg");
        assertThat(edgeCold.get("rule").asString()).isEqualTo("default");
        assertThat(edgeCold.get("cacheStatus").asString()).isEqualTo("MISS");
        assertThat(edgeCold.get("inMemory").asBoolean()).isFalse();
        assertThat(edgeCold.get("upstream").asString()).as("an edge's miss goes to its shield")
                .isEqualTo("shield 127.0.0.1:" + shield.port());
        assertThat(cold.get("shield-dbg").get("upstream").asString()).isEqualTo("origin 127.0.0.1:" + origin.port());
        assertThat(edgeCold.get("cacheKey").asString()).startsWith(serviceId + " http://" + DOMAIN + "/products/7?a=1&b=2|");
        assertThat(before.json().get("activeVersion").asInt()).isEqualTo(1);

        assertThat(http.viaEdge(edge.port(), DOMAIN, "/products/7?b=2&a=1").header("X-Cache")).isEqualTo("MISS");

        Http.Response after = http.post("/v1/services/" + serviceId + "/debug", token,
                Map.of("url", url, "headers", Map.of("Accept-Encoding", "identity")));
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        Map<String, JsonNode> warm = byNode(after.json());
        JsonNode edgeWarm = warm.get("edge-dbg");
        // The stored response named no Vary field, so the variant part is empty once it is stored.
        assertThat(edgeWarm.get("cacheKey").asString()).as("the query is sorted into the key")
                .isEqualTo(serviceId + " http://" + DOMAIN + "/products/7?a=1&b=2|");
        assertThat(edgeWarm.get("cacheStatus").asString()).isEqualTo("HIT");
        assertThat(edgeWarm.get("inMemory").asBoolean()).isTrue();
        assertThat(edgeWarm.get("status").asInt()).isEqualTo(200);
        assertThat(edgeWarm.get("ttlSeconds").asLong()).isBetween(1L, 300L);
        assertThat(edgeWarm.get("ageSeconds").asLong()).isBetween(0L, 299L);
        List<String> headerNames = new ArrayList<>();
        edgeWarm.get("headers").forEach(h -> headerNames.add(h.get(0).asString()));
        assertThat(headerNames).contains("ETag", "Age", "X-Cache", "Cache-Status", "Via");
        assertThat(warm.get("shield-dbg").get("cacheStatus").asString()).as("the shield filled too").isEqualTo("HIT");
        assertThat(after.json().get("notAnswered")).isEmpty();
    }

    @Test
    void debugger_listsANodeThatDoesNotAnswer_afterItsTimeout() {
        // A connected node that reads its event stream and never answers a probe.
        Disposable silent = HttpClient.create()
                .headers(h -> h.set("Authorization", "Bearer " + EDGE_TOKEN).set("X-Edge-Id", "edge-silent")
                        .set("X-Edge-Role", "edge"))
                .get().uri("http://127.0.0.1:" + apiPort + "/v1/edge/events?after=0")
                .responseContent().subscribe();
        try {
            await("the silent node is connected", () -> http.get("/v1/edges", "e2e-operator-token").body()
                    .contains("edge-silent"));
            Http.Response trace = http.get("/v1/services/" + serviceId + "/debug?url=http://" + DOMAIN + "/x", token);
            assertThat(trace.status()).as(trace.body()).isEqualTo(200);
            assertThat(trace.json().get("notAnswered").get(0).asString()).isEqualTo("edge-silent");
            assertThat(byNode(trace.json())).containsKeys("edge-dbg", "shield-dbg");
            assertThat(trace.json().get("tookMillis").asLong()).isGreaterThanOrEqualTo(
                    trace.json().get("timeoutMillis").asLong());
        } finally {
            silent.dispose();
        }
    }

    @Test
    void debugger_refusesAUrlTheServiceDoesNotServe() {
        Http.Response foreign = http.get("/v1/services/" + serviceId + "/debug?url=http://elsewhere.localhost/", token);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
        Http.Response ftp = http.post("/v1/services/" + serviceId + "/debug", token, Map.of("url", "ftp://" + DOMAIN + "/"));
        assertThat(ftp.status()).isEqualTo(400);
    }

    @Test
    void liveLogs_showTheEdgesRequestsAsTheyHappen() {
        List<JsonNode> lines = new CopyOnWriteArrayList<>();
        StringBuilder partial = new StringBuilder();
        Disposable stream = HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + token))
                .get().uri("http://127.0.0.1:" + apiPort + "/v1/services/" + serviceId + "/logs/live?path=/live/")
                .responseContent().asString(StandardCharsets.UTF_8)
                .subscribe(chunk -> {
                    synchronized (partial) {
                        partial.append(chunk);
                        int nl;
                        while ((nl = partial.indexOf("\n")) >= 0) {
                            lines.add(JsonMapper.shared().readTree(partial.substring(0, nl)));
                            partial.delete(0, nl + 1);
                        }
                    }
                });
        try {
            await("the stream is open", () -> !lines.isEmpty());
            http.viaEdge(edge.port(), DOMAIN, "/live/1");
            http.viaEdge(edge.port(), DOMAIN, "/live/1");
            http.viaEdge(edge.port(), DOMAIN, "/elsewhere");
            await("both requests to /live/ are streamed", () -> lines.stream().filter(l -> l.has("url")).count() >= 2);
            List<JsonNode> records = lines.stream().filter(l -> l.has("url")).toList();
            assertThat(shield.logShipper()).as("a shield's requests are the edges' fills: not logged again").isNull();
            assertThat(records).extracting(r -> r.get("cacheStatus").asString()).containsExactly("MISS", "HIT");
            assertThat(records).allSatisfy(r -> {
                assertThat(r.get("edge").asString()).isEqualTo("edge-dbg");
                assertThat(r.get("url").asString()).isEqualTo("http://" + DOMAIN + "/live/1");
                assertThat(r.get("client").asString()).isEqualTo("127.0.0.1");
            });
        } finally {
            stream.dispose();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), () -> "", condition);
    }
}
