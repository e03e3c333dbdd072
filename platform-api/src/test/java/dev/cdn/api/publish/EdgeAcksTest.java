package dev.cdn.api.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.wire.Ack;
import dev.cdn.config.wire.AckStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Storing edge acknowledgements: the batched writes, and the ack stream that carries them. */
class EdgeAcksTest extends ApiTestBase {

    @Autowired
    AckRecorder recorder;

    @Autowired
    DatabaseClient db;

    private static Ack applied(long seq, UUID service, UUID purge) {
        return new Ack(seq, service.toString(), null, purge.toString(), AckStatus.APPLIED, null);
    }

    private List<Map<String, Object>> acksOf(String node) {
        return db.sql("SELECT seq, service_id, version, purge_id, status, error FROM edge_acks WHERE node_id = :n ORDER BY seq")
                .bind("n", node).fetch().all().collectList().block(Duration.ofSeconds(10));
    }

    private long appliedSeq(String node) {
        return db.sql("SELECT applied_seq FROM edge_nodes WHERE node_id = :n").bind("n", node)
                .map((row, meta) -> row.get("applied_seq", Long.class)).one().block(Duration.ofSeconds(10));
    }

    @Test
    void record_manyNodesAtOnce_storesEveryAckAndEachNodesHighestAppliedSeq() {
        UUID service = UUID.randomUUID();
        List<Mono<Void>> posts = new ArrayList<>();
        for (int node = 0; node < 30; node++) {
            posts.add(recorder.record("burst-" + node, "edge", "fra",
                    List.of(applied(100 + node, service, UUID.randomUUID()), applied(200 + node, service, UUID.randomUUID()))));
        }
        Flux.merge(posts).blockLast(Duration.ofSeconds(20));

        for (int node = 0; node < 30; node++) {
            assertThat(acksOf("burst-" + node)).extracting(r -> r.get("seq")).containsExactly(100L + node, 200L + node);
            assertThat(appliedSeq("burst-" + node)).isEqualTo(200L + node);
        }
    }

    @Test
    void record_sameAckTwiceInOneBatch_keepsTheLaterOne() {
        UUID service = UUID.randomUUID();
        Ack failed = new Ack(7, service.toString(), 3L, null, AckStatus.FAILED, "rules[0]: broken");
        Ack fixed = new Ack(7, service.toString(), 3L, null, AckStatus.APPLIED, null);
        // One call, so one statement: two calls may go out as two writes at once (MAX_WRITES), whose commit order
        // no one controls. In one statement a row may be touched only once, so the batch must keep one of the two.
        recorder.record("twice", "edge", "fra", List.of(failed, failed, fixed)).block(Duration.ofSeconds(20));

        List<Map<String, Object>> rows = acksOf("twice");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("status", "applied").containsEntry("version", 3)
                .containsEntry("purge_id", null).containsEntry("error", null);
        assertThat(appliedSeq("twice")).isEqualTo(7L);
    }

    @Test
    void record_failedAckAndNoAcks_areStoredWithoutAdvancingTheNode() {
        UUID service = UUID.randomUUID();
        recorder.record("quiet", "shield", "ams", List.of()).block(Duration.ofSeconds(10));
        assertThat(appliedSeq("quiet")).isZero();

        recorder.record("quiet", "shield", "ams",
                List.of(new Ack(9, service.toString(), 2L, null, AckStatus.FAILED, "origins[0].host: bad"))).block(Duration.ofSeconds(10));
        assertThat(acksOf("quiet")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("status", "failed").containsEntry("error", "origins[0].host: bad"));
        assertThat(appliedSeq("quiet")).isZero();
    }

    private static String line(String node, long seq, UUID service, String status) {
        return "{\"nodeId\":\"" + node + "\",\"role\":\"edge\",\"pop\":\"fra\",\"acks\":[{\"seq\":" + seq
                + ",\"serviceId\":\"" + service + "\",\"purgeId\":\"" + UUID.randomUUID() + "\",\"status\":\""
                + status + "\"}]}\n";
    }

    @Test
    void eventStream_offersTheAckStream() {
        web.get().uri("/v1/edge/events").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "offer");
                })
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Edge-Acks", "application/x-ndjson")
                .returnResult(String.class).getResponseBody().take(1).blockLast(Duration.ofSeconds(10));
    }

    @Test
    void ackStream_storesEveryLineAsItArrives() {
        UUID service = UUID.randomUUID();
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "streamer");
                }).contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body(Flux.just(line("streamer", 11, service, "applied"), line("streamer", 12, service, "applied")),
                        String.class)
                .exchange().expectStatus().isNoContent();

        assertThat(acksOf("streamer")).extracting(r -> r.get("seq")).containsExactly(11L, 12L);
        assertThat(appliedSeq("streamer")).isEqualTo(12L);
    }

    @Test
    void ackStream_invalidLine_endsTheStreamWith400() {
        UUID service = UUID.randomUUID();
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "sloppy");
                }).contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body(Flux.just(line("sloppy", 21, service, "applied"), line("sloppy", 22, service, "maybe")), String.class)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("acks[0].status");

        assertThat(acksOf("sloppy")).extracting(r -> r.get("seq")).containsExactly(21L);
    }
}
