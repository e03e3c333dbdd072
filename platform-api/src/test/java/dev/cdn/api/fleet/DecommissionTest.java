package dev.cdn.api.fleet;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.EdgeNodeClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A decommissioned node stays out of the fleet until it opens a new event stream (it restarted): an ack it sent
 * just before it closed, stored after the operator's {@code DELETE /v1/edges/{id}}, neither registers it again nor
 * holds purges {@code partial}. One scenario per class: edges are fleet-wide.
 */
@TestPropertySource(properties = "cdn.operator.token=" + DecommissionTest.OPERATOR)
class DecommissionTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-tests";

    @Autowired
    DatabaseClient db;

    @Test
    void lateAck_ofADecommissionedNode_isIgnored_untilTheNodeReconnectsWithANewEventStream() throws Exception {
        String token = signupAndLogin("decommission@acme.test");
        String serviceId = createService(token, "decommission.example.com", 8081);
        EdgeNodeClient gone = new EdgeNodeClient(web, db, "edge-gone");
        EdgeNodeClient up = new EdgeNodeClient(web, db, "edge-up");
        gone.connectUntilCaughtUpThenGoDown();

        Map<?, ?> before = purgeAll(token, serviceId);
        web.delete().uri("/v1/edges/edge-gone").headers(h -> h.setBearerAuth(OPERATOR)).exchange()
                .expectStatus().isNoContent();
        // The ack edge-gone sent as it closed arrives after the decommission: it is taken (the node must not retry
        // it) but stored nowhere.
        gone.ackPurge(seq(before), serviceId, before.get("id"));
        web.get().uri("/v1/edges").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.nodeId == 'edge-gone')]").doesNotExist();

        Map<?, ?> after = purgeAll(token, serviceId);
        up.ackPurge(seq(after), serviceId, after.get("id"));
        web.get().uri("/v1/purges/" + after.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("complete")
                .jsonPath("$.edges.length()").isEqualTo(1)
                .jsonPath("$.edges[0].nodeId").isEqualTo("edge-up");

        // A real restart: the node opens a new event stream, so it is back in the fleet and its acks count again.
        gone.connectUntilCaughtUpThenGoDown();
        web.get().uri("/v1/edges").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.nodeId == 'edge-gone')].connected").isEqualTo(false);
        Map<?, ?> later = purgeAll(token, serviceId);
        up.ackPurge(seq(later), serviceId, later.get("id"));
        web.get().uri("/v1/purges/" + later.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("partial")
                .jsonPath("$.edges[?(@.nodeId == 'edge-gone')].status").isEqualTo("unreachable");
        gone.ackPurge(seq(later), serviceId, later.get("id"));
        web.get().uri("/v1/purges/" + later.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().jsonPath("$.status").isEqualTo("complete")
                .jsonPath("$.edges[?(@.nodeId == 'edge-gone')].status").isEqualTo("applied");
    }

    @Test
    void acksInFlightAsTheNodeIsDecommissioned_neverBringItBack() throws Exception {
        String serviceId = java.util.UUID.randomUUID().toString();
        for (int round = 0; round < 8; round++) {
            String nodeId = "edge-racing-" + round;
            EdgeNodeClient node = new EdgeNodeClient(web, db, nodeId);
            node.connectUntilCaughtUpThenGoDown();
            // Acks the node sent as it closed keep arriving while the operator decommissions it.
            java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger posted = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> senders = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread sender = new Thread(() -> {
                    for (long seq = 1; closing.get(); seq++) {
                        node.ack(seq, serviceId);
                        posted.incrementAndGet();
                    }
                });
                sender.start();
                senders.add(sender);
            }
            while (posted.get() < 6) {
                Thread.onSpinWait();
            }
            web.delete().uri("/v1/edges/" + nodeId).headers(h -> h.setBearerAuth(OPERATOR)).exchange()
                    .expectStatus().isNoContent();
            int atDecommission = posted.get();
            while (posted.get() < atDecommission + 6) {
                Thread.onSpinWait(); // acks that were in flight are stored (or not) by now
            }
            closing.set(false);
            for (Thread sender : senders) {
                sender.join();
            }
            web.get().uri("/v1/edges").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.items[?(@.nodeId == '" + nodeId + "')]").doesNotExist();
        }
    }

    private Map<?, ?> purgeAll(String token, String serviceId) {
        return web.post().uri("/v1/services/" + serviceId + "/purge").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("all", true))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
    }

    private static long seq(Map<?, ?> purge) {
        return ((Number) purge.get("seq")).longValue();
    }
}
