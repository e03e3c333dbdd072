package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.testsupport.ScratchDirs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A whole platform on real sockets for tests outside this package: an origin, the control plane on its own
 * database, a shield and an edge behind it, and one tenant with one active service on {@code domain}. The origin
 * answers {@code ?status=N} with that status, {@code /sitemap.xml} with a sitemap of three pages (see
 * {@link #sitemap()}), and everything else with 200, cacheable for five minutes; it remembers every path asked for.
 */
public final class EndToEndPlatform implements AutoCloseable {

    private static final String EDGE_TOKEN = "e2e-edge-token";
    private static final String OPERATOR_TOKEN = "e2e-operator-token";
    private static final String ADMIN_TOKEN = TestEdges.ADMIN_TOKEN;

    /** A response seen by a client of the edge. */
    public record Seen(int status, String cache, String body) {
    }

    private final String domain;
    private final Queue<String> originPaths = new ConcurrentLinkedQueue<>();
    private DisposableServer origin;
    private ConfigurableApplicationContext api;
    private EdgeNode shield;
    private EdgeNode edge;
    private Http http;
    private Path state;
    private String token;
    private String serviceId;

    private EndToEndPlatform(String domain) {
        this.domain = domain;
    }

    public static EndToEndPlatform start(String domain) {
        EndToEndPlatform p = new EndToEndPlatform(domain);
        try {
            p.boot();
            return p;
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    private void boot() {
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    originPaths.add(req.uri());
                    if (req.uri().equals("/sitemap.xml")) {
                        return res.header("Content-Type", "application/xml").sendString(Mono.just(sitemap()));
                    }
                    int q = req.uri().indexOf("status=");
                    int status = q < 0 ? 200 : Integer.parseInt(req.uri().substring(q + 7, q + 10));
                    return res.status(status).header("Cache-Control", "public, max-age=300")
                            .header("Content-Type", "text/plain")
                            .sendString(Mono.just("origin says " + req.uri()));
                })
                .bindNow();
        api = TestControlPlane.start(EDGE_TOKEN, OPERATOR_TOKEN);
        URI controlPlane = TestControlPlane.uri(api);
        state = ScratchDirs.create("cdn-e2e-platform");
        shield = EdgeNode.start(TestEdges.onLoopback("shield-1", EdgeRole.SHIELD, "test", controlPlane, EDGE_TOKEN)
                .stateDir(state.resolve("shield")).build());
        edge = EdgeNode.start(TestEdges.onLoopback("edge-1", EdgeRole.EDGE, "test", controlPlane, EDGE_TOKEN)
                .shield(URI.create("http://127.0.0.1:" + shield.port()))
                .diskDir(state.resolve("edge-disk")).stateDir(state.resolve("edge")).build());
        http = new Http(TestControlPlane.port(api));

        token = TestTenants.signUp(http, domain, "owner@" + domain);
        serviceId = TestTenants.activeService(http, token, "site", List.of(domain), origin.port());
        await("edge and shield run version 1", () -> edge.configVersion(serviceId).orElse(0) == 1
                && shield.configVersion(serviceId).orElse(0) == 1);
    }

    /** What the origin serves at {@code /sitemap.xml}: the three pages {@code /published/1} to {@code /published/3}. */
    public String sitemap() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (int i = 1; i <= 3; i++) {
            xml.append("  <url><loc>http://").append(domain).append("/published/").append(i).append("</loc></url>\n");
        }
        return xml.append("</urlset>\n").toString();
    }

    public int originPort() {
        return origin.port();
    }

    public String serviceId() {
        return serviceId;
    }

    /** The tenant owner's session token. */
    public String token() {
        return token;
    }

    public int apiPort() {
        return TestControlPlane.port(api);
    }

    public EdgeNode edge() {
        return edge;
    }

    public EdgeNode shield() {
        return shield;
    }

    /** Every request line the origin received, in order. */
    public List<String> originPaths() {
        return List.copyOf(originPaths);
    }

    /** A GET of {@code path} on the service's domain, through the edge. */
    public Seen get(String path) {
        Http.Response r = http.viaEdge(edge.port(), domain, path);
        return new Seen(r.status(), r.header("X-Cache"), r.body());
    }

    /** A JSON call to the API as the tenant owner: status and body. */
    public Seen api(String method, String path, Object body) {
        Http.Response r = switch (method) {
            case "GET" -> http.get(path, token);
            case "POST" -> http.post(path, token, body);
            case "DELETE" -> http.delete(path, token);
            default -> throw new IllegalArgumentException(method);
        };
        return new Seen(r.status(), null, r.body());
    }

    public String edgeMetrics() {
        return scrape(edge.adminPort(), "/metrics", ADMIN_TOKEN);
    }

    public String shieldMetrics() {
        return scrape(shield.adminPort(), "/metrics", ADMIN_TOKEN);
    }

    /** The control plane's Prometheus endpoint (public, like its health probes). */
    public String apiMetrics() {
        return scrape(apiPort(), "/actuator/prometheus", null);
    }

    private static String scrape(int port, String path, String bearer) {
        return HttpClient.create().headers(h -> {
                    if (bearer != null) {
                        h.set("Authorization", "Bearer " + bearer);
                    }
                })
                .get().uri("http://127.0.0.1:" + port + path)
                .responseSingle((res, body) -> {
                    assertThat(res.status().code()).as("GET %s", path).isEqualTo(200);
                    return body.asString();
                })
                .block(Duration.ofSeconds(20));
    }

    /** Waits for a condition without sleeping for a fixed time: polls it until it holds or 30 s pass. */
    public static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(30), () -> "", condition);
    }

    @Override
    public void close() {
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
}
