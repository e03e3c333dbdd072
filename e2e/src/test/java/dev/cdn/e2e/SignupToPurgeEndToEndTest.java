package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import java.net.URI;
import dev.cdn.testsupport.ScratchDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The first end-to-end slice over real sockets: platform-api on PostgreSQL, a shield and an edge connected to
 * it through the control channel, and an origin. Sign up, create a token and a service, activate it, fetch
 * through the edge (MISS, then HIT without reaching the origin), purge through the API, and miss again.
 */
class SignupToPurgeEndToEndTest {

    private static final String EDGE_TOKEN = "e2e-edge-token";
    private static final String OPERATOR_TOKEN = "e2e-operator-token";
    private static final String DOMAIN = "shop.e2e.localhost";

    private static final AtomicInteger originRequests = new AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicReference<io.netty.handler.codec.http.HttpHeaders>
            lastOriginHeaders = new java.util.concurrent.atomic.AtomicReference<>();
    private static DisposableServer origin;
    private static ConfigurableApplicationContext api;
    private static EdgeNode shield;
    private static EdgeNode edge;
    private static Http http;
    private static Path state;

    @BeforeAll
    static void startPlatform() throws Exception {
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    originRequests.incrementAndGet();
                    lastOriginHeaders.set(req.requestHeaders().copy());
                    return res.header("Cache-Control", "public, max-age=300")
                            .header("Content-Type", "text/plain")
                            .sendString(Mono.just("hello from the origin: " + req.uri()));
                })
                .bindNow();

        // The operator key seals origin-authentication values (and certificate keys) at rest.
        api = TestControlPlane.start(EDGE_TOKEN, OPERATOR_TOKEN,
                "--cdn.certs.encryption-key=q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=");
        int apiPort = TestControlPlane.port(api);
        URI controlPlane = URI.create("http://127.0.0.1:" + apiPort);

        state = ScratchDirs.create("cdn-e2e");
        shield = EdgeNode.start(TestEdges.onLoopback("shield-e2e", EdgeRole.SHIELD, "test", controlPlane, EDGE_TOKEN)
                .stateDir(state.resolve("shield")).build());
        edge = EdgeNode.start(TestEdges.onLoopback("edge-e2e", EdgeRole.EDGE, "test", controlPlane, EDGE_TOKEN)
                .shield(URI.create("http://127.0.0.1:" + shield.port()))
                .stateDir(state.resolve("edge")).build());
        http = new Http(apiPort);
    }

    @AfterAll
    static void stopPlatform() {
        if (edge != null) {
            edge.close();
        }
        if (shield != null) {
            shield.close();
        }
        if (api != null) {
            api.close();
        }
        if (origin != null) {
            origin.disposeNow();
        }
        ScratchDirs.deleteQuietly(state);
    }

    @Test
    void signup_token_service_activate_hit_purge_miss() {
        // Sign up and log in.
        assertThat(http.post("/v1/signup", null, Map.of("tenantName", "Shop", "email", "owner@shop.test",
                "password", "a long enough password")).status()).isEqualTo(201);
        Http.Response session = http.post("/v1/sessions", null,
                Map.of("email", "owner@shop.test", "password", "a long enough password"));
        assertThat(session.status()).isEqualTo(201);
        String sessionToken = session.json().get("token").asString();

        // An API token for automation; everything below uses it.
        Http.Response token = http.post("/v1/tokens", sessionToken, Map.of("name", "deploy",
                "scopes", List.of("config:read", "config:write", "purge")));
        assertThat(token.status()).isEqualTo(201);
        String apiToken = token.json().get("token").asString();

        // A service with one domain and one origin, activated.
        Http.Response service = http.post("/v1/services", apiToken, Map.of("name", "shop",
                "domains", List.of(DOMAIN),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", origin.port()))));
        assertThat(service.status()).as(service.body()).isEqualTo(201);
        String serviceId = service.json().get("id").asString();
        Http.Response activated = http.post("/v1/services/" + serviceId + "/versions/1/activate", apiToken, null);
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);

        // Both tiers receive the compiled config through the control channel.
        await("edge and shield run version 1", () -> edge.configVersion(serviceId).orElse(0) == 1
                && shield.configVersion(serviceId).orElse(0) == 1);

        int before = originRequests.get(); // other tests share the origin
        Http.Response miss = http.viaEdge(edge.port(), DOMAIN, "/products/1");
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.body()).isEqualTo("hello from the origin: /products/1");
        assertThat(miss.header("X-Cache")).isEqualTo("MISS");
        assertThat(originRequests.get()).isEqualTo(before + 1);

        Http.Response hit = http.viaEdge(edge.port(), DOMAIN, "/products/1");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(originRequests.get()).as("a hit never reaches the origin").isEqualTo(before + 1);

        // Purge the URL through the API; the edge applies it and the next request misses.
        Http.Response purge = http.post("/v1/services/" + serviceId + "/purge", apiToken,
                Map.of("urls", List.of("http://" + DOMAIN + "/products/1")));
        assertThat(purge.status()).as(purge.body()).isEqualTo(202);
        String purgeId = purge.json().get("id").asString();
        await("the purge is applied by every edge",
                () -> "complete".equals(http.get("/v1/purges/" + purgeId, apiToken).json().get("status").asString()));

        Http.Response afterPurge = http.viaEdge(edge.port(), DOMAIN, "/products/1");
        assertThat(afterPurge.header("X-Cache")).isEqualTo("MISS");
        assertThat(afterPurge.body()).isEqualTo("hello from the origin: /products/1");
        assertThat(originRequests.get()).isEqualTo(before + 2);

        // The edge reports its traffic; the API serves it as a time series (hits, misses, hit ratio).
        await("the edge's traffic shows in the service's statistics", () -> {
            var points = http.get("/v1/services/" + serviceId + "/stats", sessionToken).json().get("points");
            long hits = 0;
            long misses = 0;
            for (var p : points) {
                hits += p.get("hits").asLong();
                misses += p.get("misses").asLong();
            }
            return hits >= 1 && misses >= 2;
        });
    }

    /**
     * The hostname hijack as it was reported: tenant A serves a.example and *.a.example; tenant B asks for
     * www.a.example, for a new service and in a draft. Both are refused, and the edge keeps sending the name to A.
     */
    @Test
    void hostnameHijack_nameInsideAnotherTenantsWildcard_isRefused_andTheEdgeKeepsRoutingToTheOwner() {
        DisposableServer attackerOrigin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.sendString(Mono.just("tenant B"))).bindNow();
        try {
            String a = TestTenants.signUp(http, "owner@a.e2e.test");
            String serviceA = TestTenants.activeService(http, a, "a", List.of("a.e2e.localhost", "*.a.e2e.localhost"),
                    origin.port());

            String b = TestTenants.signUp(http, "attacker@b.e2e.test");
            Map<String, Object> bOrigin = Map.of("name", "web", "host", "127.0.0.1", "port", attackerOrigin.port());
            Http.Response hijack = http.post("/v1/services", b, Map.of("name", "b",
                    "domains", List.of("www.a.e2e.localhost"), "origins", List.of(bOrigin)));
            assertThat(hijack.status()).as(hijack.body()).isEqualTo(400);
            assertThat(hijack.body()).contains("domains[0]", "*.a.e2e.localhost");
            String serviceB = http.post("/v1/services", b, Map.of("name", "b",
                    "domains", List.of("b.e2e.localhost"), "origins", List.of(bOrigin))).json().get("id").asString();
            assertThat(http.post("/v1/services/" + serviceB + "/versions/1/domains", b,
                    Map.of("name", "www.a.e2e.localhost")).status()).isEqualTo(400);
            assertThat(http.post("/v1/services/" + serviceB + "/versions/1/activate", b, null).status()).isEqualTo(200);

            await("both tiers run both services", () -> edge.configVersion(serviceA).orElse(0) == 1
                    && edge.configVersion(serviceB).orElse(0) == 1 && shield.configVersion(serviceA).orElse(0) == 1
                    && shield.configVersion(serviceB).orElse(0) == 1);
            assertThat(http.viaEdge(edge.port(), "www.a.e2e.localhost", "/who").body())
                    .isEqualTo("hello from the origin: /who");
            assertThat(http.viaEdge(edge.port(), "b.e2e.localhost", "/who").body()).isEqualTo("tenant B");
        } finally {
            attackerOrigin.disposeNow();
        }
    }

    @Test
    void freshEdge_receivesEveryActiveServiceOnConnect() throws Exception {
        String token = TestTenants.signUp(http, "Many", "many@shop.test");
        List<String> ids = new java.util.ArrayList<>();
        for (String domain : List.of("one.e2e.localhost", "two.e2e.localhost", "three.e2e.localhost")) {
            ids.add(TestTenants.activeService(http, token, domain, List.of(domain), origin.port()));
        }
        try (EdgeNode late = EdgeNode.start(TestEdges.onLoopback("edge-late", EdgeRole.EDGE, "test",
                        TestControlPlane.uri(api), EDGE_TOKEN)
                .stateDir(Files.createTempDirectory(state, "late")).build())) {
            await("the late edge runs every service",
                    () -> ids.stream().allMatch(id -> late.configVersion(id).orElse(0) == 1));
            assertThat(http.viaEdge(late.port(), "three.e2e.localhost", "/x").status()).isEqualTo(200);
        }
        decommission("edge-late");
    }

    /**
     * Takes a node that is gone for good out of the fleet, so other tests' purges do not wait for it (acks it sent
     * just before it closed and that are stored afterwards do not bring it back).
     */
    private void decommission(String nodeId) {
        assertThat(http.delete("/v1/edges/" + nodeId, OPERATOR_TOKEN).status()).isEqualTo(204);
        assertThat(http.get("/v1/edges", OPERATOR_TOKEN).body()).doesNotContain("\"" + nodeId + "\"");
    }

    @Test
    void warm_fillsTheShieldThenTheEdge_soTheFirstClientRequestIsAHit() {
        String token = TestTenants.signUp(http, "Warm", "warm@shop.test");
        String id = TestTenants.activeService(http, token, "warm", List.of("warm.e2e.localhost"), origin.port());
        await("both tiers run the service", () -> edge.configVersion(id).orElse(0) == 1
                && shield.configVersion(id).orElse(0) == 1);

        int before = originRequests.get();
        Http.Response warm = http.post("/v1/services/" + id + "/warm", token, Map.of("ratePerSecond", 50,
                "urls", List.of("http://warm.e2e.localhost/a", "http://warm.e2e.localhost/b")));
        assertThat(warm.status()).as(warm.body()).isEqualTo(202);
        String warmId = warm.json().get("id").asString();
        await("the warm completes on the shield, then on the edge",
                () -> "complete".equals(http.get("/v1/warms/" + warmId, token).json().get("status").asString()));
        assertThat(originRequests.get()).as("the origin is asked once per URL, by the shield").isEqualTo(before + 2);
        assertThat(http.viaEdge(edge.port(), "warm.e2e.localhost", "/a").header("X-Cache")).isEqualTo("HIT");
        assertThat(http.viaEdge(edge.port(), "warm.e2e.localhost", "/b").header("X-Cache")).isEqualTo("HIT");
        assertThat(originRequests.get()).isEqualTo(before + 2);
    }

    @Test
    @Tag("fault")
    void restartedEdge_neverServesFromDiskWhatWasPurgedWhileItWasDown() throws Exception {
        String token = TestTenants.signUp(http, "Disk", "disk@shop.test");
        String id = TestTenants.activeService(http, token, "disk", List.of("disk.e2e.localhost"), origin.port());
        Path dir = Files.createTempDirectory(state, "disk");
        EdgeSettings settings = TestEdges.onLoopback("edge-disk", EdgeRole.EDGE, "test", TestControlPlane.uri(api),
                        EDGE_TOKEN)
                .stateDir(dir.resolve("state")).diskDir(dir.resolve("disk")).diskBytes(64L * 1024 * 1024).build();

        EdgeNode first = EdgeNode.start(settings);
        try {
            await("the edge runs the service", () -> first.configVersion(id).orElse(0) == 1);
            assertThat(http.viaEdge(first.port(), "disk.e2e.localhost", "/doc").header("X-Cache")).isEqualTo("MISS");
            await("the object is written to disk", () -> diskBytes(first) > 0);
        } finally {
            first.close();
        }

        Http.Response purge = http.post("/v1/services/" + id + "/purge", token,
                Map.of("urls", List.of("http://disk.e2e.localhost/doc")));
        assertThat(purge.status()).isEqualTo(202);
        String purgeId = purge.json().get("id").asString();
        // The edges that are up apply it; the one that is down still holds the object: not complete.
        await("the purge is partial: applied by the running nodes, not by the one that is down",
                () -> "partial".equals(http.get("/v1/purges/" + purgeId, token).json().get("status").asString()));

        int before = originRequests.get();
        try (EdgeNode second = EdgeNode.start(settings)) {
            Http.Response afterRestart = http.viaEdge(second.port(), "disk.e2e.localhost", "/doc");
            assertThat(afterRestart.header("X-Cache")).as("the purged object is not served from disk: %s %s",
                    afterRestart.status(), afterRestart.headers()).isNotEqualTo("HIT");
            assertThat(originRequests.get()).as("%s %s", afterRestart.status(), afterRestart.headers())
                    .isEqualTo(before + 1);
            await("the purge is complete once the restarted edge has replayed it",
                    () -> "complete".equals(http.get("/v1/purges/" + purgeId, token).json().get("status").asString()));
        }
        decommission("edge-disk");
    }

    private static long diskBytes(EdgeNode node) {
        return AdminMetrics.value(node.adminPort(), "admin", "edge_disk_bytes");
    }

    @Test
    void rollback_reachesEveryEdge_andTheRolloutViewShowsItComplete() {
        String token = signUp("roll");
        String id = activatedService(token, "roll");
        for (int n : List.of(2, 3)) {
            Http.Response clone = http.post("/v1/services/" + id + "/versions/" + (n - 1) + "/clone", token, null);
            assertThat(clone.status()).as(clone.body()).isEqualTo(201);
            assertThat(clone.json().get("number").asInt()).isEqualTo(n);
            Http.Response activated = http.post("/v1/services/" + id + "/versions/" + n + "/activate", token, null);
            assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        }
        await("both tiers run version 3", () -> edge.configVersion(id).orElse(0) == 3
                && shield.configVersion(id).orElse(0) == 3);
        await("the rollout of version 3 is complete", () -> http.get("/v1/services/" + id + "/rollout", token)
                .json().get("complete").asBoolean());

        Http.Response rollback = http.post("/v1/services/" + id + "/versions/2/activate", token, null);
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);

        await("both tiers run version 2 again", () -> edge.configVersion(id).orElse(0) == 2
                && shield.configVersion(id).orElse(0) == 2);
        await("the rollout view shows every edge on version 2", () -> {
            var view = http.get("/v1/services/" + id + "/rollout", token).json();
            boolean allOnTwo = true;
            for (var e : view.get("edges")) {
                if (e.get("nodeId").asString().endsWith("-e2e")) {
                    allOnTwo &= e.get("version").asInt() == 2 && "current".equals(e.get("status").asString());
                }
            }
            return view.get("activeVersion").asInt() == 2 && allOnTwo;
        });
        assertThat(http.viaEdge(edge.port(), "roll.e2e.localhost", "/after-rollback").status()).isEqualTo(200);
    }

    @Test
    void analytics_countEachClientRequestOnce_andShowShieldTrafficApart() {
        String token = signUp("stats");
        String id = activatedService(token, "stats");
        await("both tiers run the service", () -> edge.configVersion(id).orElse(0) == 1
                && shield.configVersion(id).orElse(0) == 1);

        // 20 client requests through edge and shield: 10 misses (each fetched by the shield), then 10 hits.
        for (int i = 0; i < 10; i++) {
            assertThat(http.viaEdge(edge.port(), "stats.e2e.localhost", "/s/" + i).header("X-Cache")).isEqualTo("MISS");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(http.viaEdge(edge.port(), "stats.e2e.localhost", "/s/" + i).header("X-Cache")).isEqualTo("HIT");
        }

        Map<String, Long> totals = new java.util.HashMap<>();
        await("both tiers reported the traffic", () -> {
            edge.reportStatsNow();
            shield.reportStatsNow();
            totals.clear();
            for (var p : http.get("/v1/services/" + id + "/stats", token).json().get("points")) {
                for (String f : List.of("requests", "hits", "misses", "originFetches", "shieldRequests", "shieldHits")) {
                    totals.merge(f, p.path(f).asLong(0), Long::sum);
                }
            }
            return totals.get("requests") >= 20 && totals.get("originFetches") >= 10;
        });
        assertThat(totals).as("client-facing counts, from the edges' point of view")
                .containsEntry("requests", 20L).containsEntry("hits", 10L).containsEntry("misses", 10L)
                .containsEntry("originFetches", 10L);
        assertThat(totals).as("the shield tier, as a series of its own")
                .containsEntry("shieldRequests", 10L).containsEntry("shieldHits", 0L);
    }

    @Test
    void unknownHost_is404AtTheEdge_andNeverReachesTheOrigin() {
        int before = originRequests.get();
        Http.Response response = http.viaEdge(edge.port(), "nobody.e2e.localhost", "/");
        assertThat(response.status()).isEqualTo(404);
        assertThat(originRequests.get()).isEqualTo(before);
    }

    /** Signs a tenant {@code name} up and returns a session token. */
    private static String signUp(String name) {
        return TestTenants.signUp(http, name, name + "@shop.test");
    }

    /** Creates service {@code name} on domain {@code <name>.e2e.localhost} in front of the origin, activates v1. */
    private static String activatedService(String token, String name) {
        return TestTenants.activeService(http, token, name, List.of(name + ".e2e.localhost"), origin.port());
    }

    @Test
    void deletedService_isNotServedByTheEdges_andItsDomainCanBeClaimedAgain() {
        String token = TestTenants.signUp(http, "Gone", "gone@shop.test");
        String domain = "gone.e2e.localhost";
        String id = TestTenants.activeService(http, token, "gone", List.of(domain), origin.port());
        await("both tiers run the service", () -> edge.configVersion(id).orElse(0) == 1
                && shield.configVersion(id).orElse(0) == 1);
        assertThat(http.viaEdge(edge.port(), domain, "/page").status()).isEqualTo(200);
        assertThat(http.viaEdge(edge.port(), domain, "/page").header("X-Cache")).isEqualTo("HIT");

        Http.Response deleted = http.delete("/v1/services/" + id, token);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        await("both tiers stop serving the service", () -> edge.configVersion(id).isEmpty()
                && shield.configVersion(id).isEmpty());
        assertThat(http.viaEdge(edge.port(), domain, "/page").status()).isEqualTo(404);
        assertThat(http.get("/v1/services/" + id, token).status()).isEqualTo(404);
        assertThat(http.get("/v1/audit", token).body()).contains("service.delete");

        // The domain is free again: a new service claims it, and the edge serves it from the origin afresh.
        int before = originRequests.get();
        String again = TestTenants.activeService(http, token, "again", List.of(domain), origin.port());
        // Both tiers: the edge sends the service's misses to the shield, which answers 404 until it runs it too.
        await("both tiers run the new service", () -> edge.configVersion(again).orElse(0) == 1
                && shield.configVersion(again).orElse(0) == 1);
        Http.Response fresh = http.viaEdge(edge.port(), domain, "/page");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("X-Cache")).as("the new service is filled from its origin").isNotEqualTo("HIT");
        assertThat(originRequests.get()).isGreaterThan(before);
    }

    @Test
    void theShield_answersOnlyTheFleet_andTheCredentialNeverReachesTheOrigin() {
        String token = signUp("fleet");
        String id = activatedService(token, "fleet");
        await("both tiers run the service", () -> edge.configVersion(id).orElse(0) == 1
                && shield.configVersion(id).orElse(0) == 1);

        Http.Response viaEdge = http.viaEdge(edge.port(), "fleet.e2e.localhost", "/through-the-fleet",
                Map.of("X-Cdn-Fleet", "v1.forged.by.client"));
        assertThat(viaEdge.status()).as(viaEdge.body()).isEqualTo(200);
        assertThat(viaEdge.header("Cache-Status")).contains("shield-e2e");
        assertThat(lastOriginHeaders.get().get("X-Cdn-Fleet")).as("the credential stays inside the fleet").isNull();

        // Straight to the shield, bypassing the edges: refused, whatever the request claims.
        Http.Response bare = http.viaEdge(shield.port(), "fleet.e2e.localhost", "/direct");
        assertThat(bare.status()).isEqualTo(403);
        assertThat(bare.body()).contains("fleet-only: missing");
        Http.Response forged = http.viaEdge(shield.port(), "fleet.e2e.localhost", "/direct",
                Map.of("X-Cdn-Fleet", "v1.k.eyJub2RlIjoieCJ9.c2ln", "X-Forwarded-Proto", "https"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).containsAnyOf("fleet-only: unknown_key", "fleet-only: bad_signature",
                "fleet-only: malformed");
    }

    @Test
    void originAuth_reachesTheOriginFromTheShieldOnly_aRotationInOnePush_andTheDebugTokenShowsTheRoute()
            throws Exception {
        String token = signUp("secrets");
        String id = activatedService(token, "secrets");
        String host = "secrets.e2e.localhost";
        await("both tiers run the service", () -> edge.configVersion(id).orElse(0) == 1
                && shield.configVersion(id).orElse(0) == 1);

        String first = "first-origin-secret-0123456789";
        assertThat(http.put("/v1/services/" + id + "/origin-auth", token,
                Map.of("header", "X-Origin-Auth", "value", first)).status()).isEqualTo(200);
        await("a fill carries the header", () -> first.equals(originHeaderOf(host, "/auth-" + System.nanoTime())));
        Http.Response forged = http.viaEdge(edge.port(), host, "/forged", Map.of("X-Origin-Auth", "forged-by-client-00"));
        assertThat(forged.status()).isEqualTo(200);
        assertThat(lastOriginHeaders.get().getAll("X-Origin-Auth")).containsExactly(first);
        assertThat(lastOriginHeaders.get().get("X-Cdn-Shield")).as("added by the shield").contains("node=shield-e2e");

        String rotated = "rotated-origin-secret-9876543210";
        assertThat(http.put("/v1/services/" + id + "/origin-auth", token,
                Map.of("header", "X-Origin-Auth", "value", rotated)).status()).isEqualTo(200);
        await("the rotation reaches the shield", () -> rotated.equals(originHeaderOf(host, "/rot-" + System.nanoTime())));

        // The edge's fail-static state holds the value: only the node's user may read it.
        Path services = state.resolve("edge").resolve("services.json");
        await("the edge persisted the rotation", () -> {
            try {
                return Files.readString(services).contains(rotated);
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(services)))
                .isEqualTo("rw-------");

        String debugToken = http.post("/v1/services/" + id + "/debug-token", token, null).json().get("token").asString();
        await("a request with the debug token gets the route", () -> "edge-e2e".equals(
                http.viaEdge(edge.port(), host, "/debug-" + System.nanoTime(), Map.of("Cdn-Debug", debugToken))
                        .header("Cdn-Debug-Node")));
        Http.Response debugged = http.viaEdge(edge.port(), host, "/debugged", Map.of("Cdn-Debug", debugToken));
        assertThat(debugged.header("Cdn-Debug-Shield")).isEqualTo("127.0.0.1:" + shield.port());
        assertThat(lastOriginHeaders.get().get("Cdn-Debug")).isNull();
        assertThat(http.viaEdge(edge.port(), host, "/plain").header("Cdn-Debug-Node")).isNull();
    }

    /** The origin-authentication value the origin saw on a fill of {@code path} through the edge. */
    private static String originHeaderOf(String host, String path) {
        http.viaEdge(edge.port(), host, path);
        io.netty.handler.codec.http.HttpHeaders seen = lastOriginHeaders.get();
        return seen == null ? null : seen.get("X-Origin-Auth");
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(15), () -> "", condition);
    }
}
