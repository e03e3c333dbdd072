package dev.cdn.portal.browser;

import dev.cdn.testsupport.ScratchDirs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.cdn.api.PlatformApiApplication;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.portal.PortalApplication;
import dev.cdn.portal.PortalTestProperties;
import dev.cdn.testsupport.TestDatabase;

/**
 * The whole platform on real sockets in this JVM: an origin, the real platform-api on a fresh PostgreSQL
 * database, one edge connected to it over the control channel, and the portal pointed at the API.
 *
 * <p>Two Spring Boot applications share one classpath here, and both ship an {@code application.properties}:
 * the class loader would hand the portal's to both. So the API is started with no config file at all and
 * gets its own file's properties (read from its jar) as arguments.
 */
final class RealPlatform implements AutoCloseable {

    static final String EDGE_TOKEN = "portal-browser-edge-token";
    static final String EDGE_ID = "edge-browser";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final AtomicInteger originRequests = new AtomicInteger();
    final DisposableServer origin;
    final ConfigurableApplicationContext api;
    EdgeNode edge;
    private final Path edgeState;
    final ConfigurableApplicationContext portal;
    final int apiPort;
    final int portalPort;

    RealPlatform() throws IOException {
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    originRequests.incrementAndGet();
                    // ?status=NNN answers that status, so journeys can produce errors.
                    int q = req.uri().indexOf("status=");
                    return res.status(q < 0 ? 200 : Integer.parseInt(req.uri().substring(q + 7, q + 10)))
                            .header("Cache-Control", "public, max-age=300")
                            .header("Content-Type", "text/css")
                            .sendString(Mono.just("/* from the origin: " + req.uri() + " */"));
                })
                .bindNow();

        TestDatabase.Database db = TestDatabase.create();
        Map<String, String> apiProperties = apiOwnProperties();
        apiProperties.putAll(Map.of("spring.config.name", "platform-api-has-no-file-here",
                "server.port", "0", "server.address", "127.0.0.1",
                "spring.r2dbc.url", db.r2dbcUrl(), "spring.r2dbc.username", db.user(),
                "spring.r2dbc.password", db.password(),
                "spring.flyway.url", db.jdbcUrl(), "spring.flyway.user", db.user(),
                "spring.flyway.password", db.password()));
        apiProperties.putAll(Map.of("cdn.edge.token", EDGE_TOKEN, "cdn.allowed-private-origins", "127.0.0.1",
                "cdn.dev.auto-verify-domains", "true",
                // Every journey signs up from 127.0.0.1: the per-address sign-up budget is not what they test.
                "cdn.api.signup.burst", "1000",
                // Alert journeys watch a rule fire: evaluate every second rather than every 15.
                "cdn.alerts.interval", "1s",
                // Certificates on (uploads answer 409 without a key): 32 bytes, for tests only.
                "cdn.certs.encryption-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));
        List<String> apiArgs = new ArrayList<>();
        apiProperties.forEach((name, value) -> apiArgs.add("--" + name + "=" + value));
        api = new SpringApplicationBuilder(PlatformApiApplication.class).initializers(RealPlatform::ownNettyResources)
                .run(apiArgs.toArray(String[]::new));
        apiPort = Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));

        edgeState = ScratchDirs.create("portal-browser-edge");
        edge = startEdge();

        portal = new SpringApplicationBuilder(PortalApplication.class).initializers(RealPlatform::ownNettyResources)
                .run(
                "--server.port=0", "--server.address=127.0.0.1", "--cdn.api.base-url=" + apiUrl(),
                "--" + PortalTestProperties.NO_DATABASE);
        portalPort = Integer.parseInt(portal.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * Gives an application its own Netty event loops and connection pools. By default Boot shares reactor-netty's
     * global ones and disposes them when the application closes, which would break every other client in this
     * JVM (the other test classes' portal context included), as {@code @SpringBootTest} itself avoids.
     */
    private static void ownNettyResources(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof ReactorResourceFactory factory) {
                    factory.setUseGlobalResources(false);
                }
                return bean;
            }
        });
    }

    private EdgeNode startEdge() {
        return EdgeNode.start(EdgeSettings.builder().nodeId(EDGE_ID).role(EdgeRole.EDGE).pop("test")
                .allowedPrivateOrigins("127.0.0.1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("admin")
                .controlPlane(URI.create(apiUrl()), EDGE_TOKEN).stateDir(edgeState).build());
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    String portalUrl(String path) {
        return "http://127.0.0.1:" + portalPort + path;
    }

    /** Signs a new tenant up through the API and answers a session token of its owner. */
    String signUp(String email, String password) throws Exception {
        api("POST", "/v1/signup", null, Map.of("tenantName", "Portal", "email", email, "password", password));
        return api("POST", "/v1/sessions", null, Map.of("email", email, "password", password)).path("token").asString();
    }

    /** One call to the real API; a 4xx body is returned as it is (it has a {@code status}), a 5xx fails the test. */
    JsonNode api(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JsonMapper.shared().writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JsonMapper.shared().createObjectNode()
                : JsonMapper.shared().readTree(response.body());
    }

    /** platform-api's own application.properties, read from its jar (or classes folder). */
    private static Map<String, String> apiOwnProperties() throws IOException {
        Path jar = Path.of(PlatformApiApplication.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Properties properties = new Properties();
        if (Files.isDirectory(jar)) {
            try (InputStream in = Files.newInputStream(jar.resolve("application.properties"))) {
                properties.load(in);
            }
        } else {
            try (JarFile file = new JarFile(jar.toFile());
                 InputStream in = file.getInputStream(file.getEntry("application.properties"))) {
                properties.load(in);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    @Override
    public void close() {
        if (portal != null) {
            portal.close();
        }
        if (edge != null) {
            edge.close();
        }
        if (api != null) {
            api.close();
        }
        if (origin != null) {
            origin.disposeNow();
        }
        ScratchDirs.deleteQuietly(edgeState);
    }
}
