package dev.cdn.api.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.PlatformApiApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * platform-api on a PostgreSQL server of its own, which the test stops while the API runs: the API must say
 * "unavailable, retry" in problem+json, report the database in its health, and still stop promptly.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseLossTest {

    private static EmbeddedPostgres pg;
    private static ConfigurableApplicationContext api;
    private static WebTestClient web;
    private static String token;
    private static reactor.core.Disposable edgeStream;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        String jdbc = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
        api = new SpringApplicationBuilder(PlatformApiApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres",
                "--spring.r2dbc.username=postgres", "--spring.r2dbc.password=",
                "--spring.flyway.url=" + jdbc, "--spring.flyway.user=postgres", "--spring.flyway.password=",
                "--cdn.edge.token=" + ApiTestBase.EDGE_TOKEN, "--cdn.allowed-private-origins=127.0.0.1");
        web = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30)).build();
        web.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "Outage", "email", "o@outage.test", "password", "outage password"))
                .exchange().expectStatus().isCreated();
        token = (String) web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "o@outage.test", "password", "outage password"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("token");
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
        // A connected edge holds a long-lived event stream open, as in production.
        edgeStream = web.get().uri("/v1/edge/events?after=0").headers(h -> {
            h.setBearerAuth(ApiTestBase.EDGE_TOKEN);
            h.set("X-Edge-Id", "edge-outage");
        }).exchange().expectStatus().isOk().returnResult(String.class).getResponseBody().subscribe(line -> { },
                err -> { });
        pg.close(); // the database goes away under the running API
    }

    @AfterAll
    static void stop() throws Exception {
        if (edgeStream != null) {
            edgeStream.dispose();
        }
        if (api != null && api.isActive()) {
            api.close();
        }
    }

    @Test
    @Order(1)
    void authenticatedRead_withTheDatabaseDown_is503ProblemJson_withRetryAfter() {
        EntityExchangeResult<Map> r = web.get().uri("/v1/services").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After")
                .expectBody(Map.class).returnResult();
        assertThat(r.getResponseBody()).containsEntry("status", 503).containsKey("title").containsKey("detail");
    }

    @Test
    @Order(2)
    void anonymousWrite_withTheDatabaseDown_is503ProblemJson_withRetryAfter() {
        web.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "Late", "email", "late@outage.test", "password", "outage password"))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After");
    }

    @Test
    @Order(3)
    void health_reportsTheDatabaseDown() {
        Map<String, Object> health = web.get().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        assertThat(health.get("status")).isEqualTo("DOWN");
        @SuppressWarnings("unchecked")
        Map<String, Object> components = (Map<String, Object>) health.get("components");
        assertThat(components).containsKey("r2dbc");
        assertThat(String.valueOf(components.get("r2dbc"))).contains("status=DOWN");
    }

    @Test
    @Order(3)
    void readiness_withTheDatabaseDown_isDown_whileLivenessStaysUp() {
        // The load balancer stops sending requests to a replica that cannot reach the database (readiness), but the
        // orchestrator must not restart it for that (liveness): a restart does not bring the database back.
        Map<String, Object> readiness = web.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        assertThat(readiness.get("status")).isEqualTo("DOWN");
        assertThat(String.valueOf(readiness.get("components"))).contains("r2dbc={status=DOWN");
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    @Order(4)
    void shutdown_withTheDatabaseDown_completesPromptly() {
        long start = System.nanoTime();
        api.close(); // what the JVM's shutdown hook does on SIGTERM, with an edge's event stream still open
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // Edge streams end as closing starts, so nothing holds the graceful phase; 5 s leaves room for a busy machine.
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
}
