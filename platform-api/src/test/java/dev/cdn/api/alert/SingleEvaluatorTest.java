package dev.cdn.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.Replicas;
import dev.cdn.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Two platform-api replicas on one database, both evaluating alerts at once: one holds the lease and evaluates, the
 * other skips, so a breaking rule fires once and notifies once; when the holder is gone, the other takes over.
 */
class SingleEvaluatorTest {

    private static final WebhookReceiver receiver = new WebhookReceiver();
    private static ConfigurableApplicationContext replicaA;
    private static ConfigurableApplicationContext replicaB;

    @BeforeAll
    static void start() {
        TestDatabase.Database db = TestDatabase.create();
        replicaA = replica(db);
        replicaB = replica(db);
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {replicaA, replicaB}) {
            if (replica != null) {
                replica.close();
            }
        }
        receiver.close();
    }

    /** Passes are run by the test (so both replicas run them at the same moments); the lease lasts 3 x 200 ms. */
    private static ConfigurableApplicationContext replica(TestDatabase.Database db) {
        return Replicas.start(db, "--cdn.domains.recheck-enabled=false", "--cdn.alerts.evaluator-enabled=false",
                "--cdn.alerts.interval=200ms");
    }

    private static WebTestClient client(ConfigurableApplicationContext replica) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void twoReplicasEvaluatingAtOnce_fireOnceAndNotifyOnce_andTheOtherTakesOverWhenTheHolderIsGone() {
        WebTestClient a = client(replicaA);
        WebTestClient b = client(replicaB);
        a.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "R", "email", "r@alerts.test", "password", "replica password"))
                .exchange().expectStatus().isCreated();
        String token = (String) a.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "r@alerts.test", "password", "replica password"))
                .exchange().expectBody(Map.class).returnResult().getResponseBody().get("token");
        String service = (String) a.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "r", "domains", List.of("r.alerts.localhost"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 9))))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        b.post().uri("/v1/services/" + service + "/alerts").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "error_rate_above", "windowSeconds", 60, "webhookUrl", receiver.url("/r")))
                .exchange().expectStatus().isCreated();
        b.post().uri("/v1/edge/stats").headers(h -> {
                    h.setBearerAuth(ApiTestBase.EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-r");
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", "edge-r", "role", "edge", "origins", List.of(), "services", List.of(
                        Map.of("serviceId", service, "minute", Instant.now().toString(), "requests", 20,
                                "misses", 20, "status5xx", 20, "errors", 20))))
                .exchange().expectStatus().isNoContent();

        AlertEvaluator evaluatorA = replicaA.getBean(AlertEvaluator.class);
        AlertEvaluator evaluatorB = replicaB.getBean(AlertEvaluator.class);
        // Ten rounds, both replicas' passes started together each round.
        List<AlertEvaluator.Pass> passesA = new java.util.ArrayList<>();
        List<AlertEvaluator.Pass> passesB = new java.util.ArrayList<>();
        for (int round = 0; round < 10; round++) {
            List<Object> both = Flux.merge(evaluatorA.passNow().map(p -> (Object) Map.entry("a", p)),
                    evaluatorB.passNow().map(p -> (Object) Map.entry("b", p))).collectList().block(Duration.ofSeconds(30));
            for (Object o : both) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                (e.getKey().equals("a") ? passesA : passesB).add((AlertEvaluator.Pass) e.getValue());
            }
        }
        long heldByA = passesA.stream().filter(AlertEvaluator.Pass::held).count();
        long heldByB = passesB.stream().filter(AlertEvaluator.Pass::held).count();
        assertThat(heldByA + heldByB).as("one replica evaluates in each round").isEqualTo(10);
        assertThat(Math.min(heldByA, heldByB)).as("the holder keeps its lease").isZero();
        assertThat(receiver.deliveries()).as("one notification for one change of state").hasSize(1);
        List<?> history = (List<?>) a.get().uri("/v1/services/" + service + "/alert-history")
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("items");
        assertThat(history).hasSize(1);

        // The holder goes away without releasing (a crash): its lease runs out and the other replica takes over.
        ConfigurableApplicationContext holder = heldByA > 0 ? replicaA : replicaB;
        AlertEvaluator other = heldByA > 0 ? evaluatorB : evaluatorA;
        holder.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean tookOver = false;
        while (!tookOver && System.nanoTime() < deadline) {
            tookOver = other.passNow().block(Duration.ofSeconds(10)).held();
        }
        assertThat(tookOver).as("the other replica takes the lease once it ran out").isTrue();
        assertThat(receiver.deliveries()).as("the new holder does not notify the same change again").hasSize(1);
    }
}
