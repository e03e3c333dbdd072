package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Two platform-api replicas on one database: an edge connected to replica A receives what is done through
 * replica B. The streams' poll is set to an hour, so only PostgreSQL LISTEN/NOTIFY can deliver it in time.
 */
class MultiReplicaTest {

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
        if (replicaA != null) {
            replicaA.close();
        }
        if (replicaB != null) {
            replicaB.close();
        }
    }

    private static ConfigurableApplicationContext replica(TestDatabase.Database db) {
        return Replicas.start(db, "--cdn.edge.poll-interval=1h");
    }

    private static WebTestClient client(ConfigurableApplicationContext replica) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void edgeOnReplicaA_receivesActivationAndPurgeMadeThroughReplicaB() {
        WebTestClient a = client(replicaA);
        WebTestClient b = client(replicaB);
        b.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "R", "email", "r@replica.test", "password", "replica password"))
                .exchange().expectStatus().isCreated();
        String token = (String) b.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "r@replica.test", "password", "replica password"))
                .exchange().expectBody(Map.class).returnResult().getResponseBody().get("token");
        String id = (String) b.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "r", "domains", List.of("r.replica.localhost"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 9))))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");

        Flux<EdgeEvent> stream = a.get().uri("/v1/edge/events?after=0")
                .headers(h -> {
                    h.setBearerAuth(ApiTestBase.EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-on-a");
                })
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .filter(e -> e.type() != EdgeEvent.Type.HEARTBEAT);

        StepVerifier.create(stream)
                .then(() -> b.post().uri("/v1/services/" + id + "/versions/1/activate")
                        .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk())
                .assertNext(e -> assertThat(e.type()).isEqualTo(EdgeEvent.Type.CONFIG))
                .then(() -> b.post().uri("/v1/services/" + id + "/purge").headers(h -> h.setBearerAuth(token))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("tags", List.of("t1")))
                        .exchange().expectStatus().isAccepted())
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(EdgeEvent.Type.PURGE);
                    assertThat(e.purge().values()).containsExactly("t1");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(15));
    }

    /** A node's event stream on a replica, without heartbeats. */
    private static Flux<EdgeEvent> events(WebTestClient replica, String nodeId, String role) {
        return replica.get().uri("/v1/edge/events?after=0")
                .headers(h -> {
                    h.setBearerAuth(ApiTestBase.EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                    h.set("X-Edge-Role", role);
                })
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .filter(e -> e.type() != EdgeEvent.Type.HEARTBEAT);
    }

    @Test
    void edgeOnReplicaA_isSentAPurgeOnceAShieldAckedItOnReplicaB() throws Exception {
        WebTestClient a = client(replicaA);
        WebTestClient b = client(replicaB);
        b.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "S", "email", "s@replica.test", "password", "replica password"))
                .exchange().expectStatus().isCreated();
        String token = (String) b.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "s@replica.test", "password", "replica password"))
                .exchange().expectBody(Map.class).returnResult().getResponseBody().get("token");
        String id = (String) b.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "s", "domains", List.of("s.replica.localhost"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 9))))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");

        java.util.concurrent.BlockingQueue<EdgeEvent> atShield = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.BlockingQueue<EdgeEvent> atEdge = new java.util.concurrent.LinkedBlockingQueue<>();
        var shield = events(b, "shield-on-b", "shield").subscribe(atShield::add);
        var edge = events(a, "edge-on-a2", "edge").subscribe(atEdge::add);
        try {
            // The shield acknowledges its backlog (the other tests' services), so nothing earlier holds the edge.
            EdgeEvent backlog;
            while ((backlog = atShield.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                ack(b, "shield-on-b", backlog);
            }
            b.post().uri("/v1/services/" + id + "/purge").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("tags", List.of("s1")))
                    .exchange().expectStatus().isAccepted();
            EdgeEvent purge = next(atShield, EdgeEvent.Type.PURGE, Duration.ofSeconds(10));
            assertThat(purge).isNotNull();
            assertThat(next(atEdge, EdgeEvent.Type.PURGE, Duration.ofMillis(500))).isNull();

            ack(b, "shield-on-b", purge);
            EdgeEvent sent = next(atEdge, EdgeEvent.Type.PURGE, Duration.ofSeconds(5));
            assertThat(sent).as("the ack stored by replica B releases the edge on replica A").isNotNull();
            assertThat(sent.purge().values()).containsExactly("s1");
        } finally {
            edge.dispose();
            shield.dispose();
        }
    }

    private static void ack(WebTestClient replica, String nodeId, EdgeEvent event) {
        replica.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(ApiTestBase.EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", nodeId, "role", "shield", "pop", "test", "acks", List.of(
                        Map.of("seq", event.seq(), "serviceId", event.serviceId(), "status", "applied"))))
                .exchange().expectStatus().isNoContent();
    }

    private static EdgeEvent next(java.util.concurrent.BlockingQueue<EdgeEvent> queue, EdgeEvent.Type type,
                                  Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            EdgeEvent e = queue.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            if (e != null && e.type() == type) {
                return e;
            }
        }
        return null;
    }

    @Test
    void etags_agreeAcrossReplicas_andAStaleIfMatchIsRefusedByEither() {
        WebTestClient a = client(replicaA);
        WebTestClient b = client(replicaB);
        a.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "E", "email", "e@replica.test", "password", "replica password"))
                .exchange().expectStatus().isCreated();
        String token = (String) a.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "e@replica.test", "password", "replica password"))
                .exchange().expectBody(Map.class).returnResult().getResponseBody().get("token");
        String id = (String) a.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "e", "domains", List.of("e.replica.test"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 9))))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        String version = "/v1/services/" + id + "/versions/1";
        String onA = a.get().uri(version).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().returnResult().getResponseHeaders().getETag();
        String onB = b.get().uri(version).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().returnResult().getResponseHeaders().getETag();
        assertThat(onA).isNotNull().isEqualTo(onB);
        b.put().uri(version + "/settings").headers(h -> {
                    h.setBearerAuth(token);
                    h.setIfMatch(onB);
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("defaultTtlSeconds", 60))
                .exchange().expectStatus().isOk();
        a.put().uri(version + "/settings").headers(h -> {
                    h.setBearerAuth(token);
                    h.setIfMatch(onA);
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("defaultTtlSeconds", 30))
                .exchange().expectStatus().isEqualTo(412);
    }
}
