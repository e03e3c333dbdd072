package dev.cdn.api.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import reactor.core.Disposable;

/**
 * Edges are sent a config or a purge only once the connected shields have applied it: an edge ahead of its
 * shield fetches its next miss from a shield that does not know the service yet (a 404), or that still holds the
 * purged object (which the edge would store again). The wait is long here, so that only the shield's ack (or its
 * leaving) can release the edge's events within the test.
 */
@TestPropertySource(properties = "cdn.edge.shield-lead=60s")
class ShieldsFirstTest extends ApiTestBase {

    /** One node's event stream, read into a queue (heartbeats left out). */
    private record Node(BlockingQueue<EdgeEvent> events, Disposable stream) {

        EdgeEvent next(Duration within) throws InterruptedException {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The next event of this type, skipping others (the backlog of earlier tests' services). */
        EdgeEvent nextOf(EdgeEvent.Type type, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                EdgeEvent e = events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (e != null && e.type() == type) {
                    return e;
                }
            }
            return null;
        }
    }

    private Node connect(String nodeId, String role, BlockingQueue<String> heartbeats) {
        BlockingQueue<EdgeEvent> events = new LinkedBlockingQueue<>();
        Disposable stream = web.mutate().responseTimeout(Duration.ofMinutes(2)).build()
                .get().uri("/v1/edge/events?after=0")
                .headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                    h.set("X-Edge-Role", role);
                })
                .exchange().returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .subscribe(e -> {
                    if (e.type() == EdgeEvent.Type.HEARTBEAT) {
                        heartbeats.add(nodeId);
                    } else {
                        events.add(e);
                    }
                });
        return new Node(events, stream);
    }

    private void ackAsShield(String nodeId, EdgeEvent event) {
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", nodeId, "role", "shield", "pop", "test", "acks", List.of(
                        Map.of("seq", event.seq(), "serviceId", event.serviceId(), "status", "applied"))))
                .exchange().expectStatus().isNoContent();
    }

    /**
     * Waits for both streams' backlogs to end, has the shield acknowledge its backlog (so that nothing earlier holds
     * the edge back) and forgets what the edge was sent so far.
     */
    private void caughtUp(BlockingQueue<String> heartbeats, Node shield, String shieldId, Node edge)
            throws InterruptedException {
        assertThat(heartbeats.poll(20, TimeUnit.SECONDS)).isNotNull();
        assertThat(heartbeats.poll(20, TimeUnit.SECONDS)).isNotNull();
        EdgeEvent backlog;
        while ((backlog = shield.next(Duration.ofMillis(200))) != null) {
            ackAsShield(shieldId, backlog);
        }
        edge.events().clear();
    }

    private void purgeAll(String token, String serviceId) {
        web.post().uri("/v1/services/" + serviceId + "/purge").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("all", true))
                .exchange().expectStatus().isAccepted();
    }

    @Test
    void edgeGetsAPurge_onlyAfterTheShieldAppliedIt() throws Exception {
        String token = signupAndLogin("first@shield.test");
        String serviceId = createService(token, "first.shield.localhost", 9);
        BlockingQueue<String> heartbeats = new LinkedBlockingQueue<>();
        Node shield = connect("shield-first", "shield", heartbeats);
        Node edge = connect("edge-first", "edge", heartbeats);
        try {
            caughtUp(heartbeats, shield, "shield-first", edge);

            purgeAll(token, serviceId);
            EdgeEvent atShield = shield.nextOf(EdgeEvent.Type.PURGE, Duration.ofSeconds(10));
            assertThat(atShield).as("the shield is sent the purge at once").isNotNull();
            // Not a wait for time to pass: the edge must not have it while the shield has not acknowledged; the
            // stream's poll (every second) runs at least once meanwhile.
            assertThat(edge.nextOf(EdgeEvent.Type.PURGE, Duration.ofMillis(1500)))
                    .as("the edge is not sent the purge before the shield applied it").isNull();

            ackAsShield("shield-first", atShield);
            EdgeEvent atEdge = edge.nextOf(EdgeEvent.Type.PURGE, Duration.ofSeconds(5));
            assertThat(atEdge).as("the edge is sent the purge once the shield applied it").isNotNull();
            assertThat(atEdge.seq()).isEqualTo(atShield.seq());
        } finally {
            edge.stream().dispose();
            shield.stream().dispose();
        }
    }

    @Test
    void aShieldThatLeaves_holdsNoEdgeBack() throws Exception {
        String token = signupAndLogin("leaves@shield.test");
        String serviceId = createService(token, "leaves.shield.localhost", 9);
        BlockingQueue<String> heartbeats = new LinkedBlockingQueue<>();
        Node shield = connect("shield-leaves", "shield", heartbeats);
        Node edge = connect("edge-stays", "edge", heartbeats);
        try {
            caughtUp(heartbeats, shield, "shield-leaves", edge);

            purgeAll(token, serviceId);
            assertThat(shield.nextOf(EdgeEvent.Type.PURGE, Duration.ofSeconds(10))).isNotNull();
            assertThat(edge.nextOf(EdgeEvent.Type.PURGE, Duration.ofMillis(500))).isNull();

            shield.stream().dispose(); // the shield goes down without acknowledging
            assertThat(edge.nextOf(EdgeEvent.Type.PURGE, Duration.ofSeconds(10)))
                    .as("the edge is sent the purge once no connected shield is behind").isNotNull();
        } finally {
            edge.stream().dispose();
            shield.stream().dispose();
        }
    }
}
