package dev.cdn.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.wire.Ack;
import dev.cdn.config.wire.AckBatch;
import dev.cdn.config.wire.NodeRole;
import dev.cdn.config.wire.OriginHealthReport;
import dev.cdn.config.wire.OriginHealthStatus;
import dev.cdn.config.wire.ServiceCounters;
import dev.cdn.config.wire.StatsReport;
import dev.cdn.config.wire.UrlCount;
import dev.cdn.config.wire.VariantCount;
import dev.cdn.config.wire.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The wire contract at the control plane: what a node writes with {@link WireCodec} is read and stored; a field
 * from a newer node is ignored; an unknown enum value or a missing required field is refused with a problem body
 * naming the field, and nothing of the message is stored.
 */
class WireContractApiTest extends ApiTestBase {

    private static final Instant MINUTE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);

    @Autowired
    DatabaseClient db;

    private WebTestClient.ResponseSpec post(String uri, String node, byte[] json) {
        return web.post().uri(uri).headers(h -> {
            h.setBearerAuth(EDGE_TOKEN);
            h.set("X-Edge-Id", node);
        }).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private WebTestClient.ResponseSpec post(String uri, String node, String json) {
        return post(uri, node, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private long count(String sql, String node) {
        return db.sql(sql).bind("n", node).map((row, meta) -> row.get(0, Long.class)).one()
                .block(Duration.ofSeconds(10));
    }

    private long acksOf(String node) {
        return count("SELECT count(*) FROM edge_acks WHERE node_id = :n", node);
    }

    private long statsRowsOf(String node) {
        return count("SELECT count(*) FROM service_stats WHERE node_id = :n", node);
    }

    private long healthRowsOf(String node) {
        return count("SELECT count(*) FROM origin_health WHERE node_id = :n", node);
    }

    private static void refusesNaming(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == '" + field + "')]").exists();
    }

    @Test
    void ackBatch_writtenByTheNodesCodec_isStored() {
        String service = UUID.randomUUID().toString();
        AckBatch batch = new AckBatch("wire-acks", NodeRole.SHIELD, "fra", List.of(Ack.applied(5, service, 2L, null),
                Ack.failed(6, service, 3L, null, "rules[0]: broken")));
        post("/v1/edge/acks", "wire-acks", WireCodec.writeBytes(batch)).expectStatus().isNoContent();
        assertThat(db.sql("SELECT seq, status, error FROM edge_acks WHERE node_id = 'wire-acks' ORDER BY seq")
                .fetch().all().collectList().block(Duration.ofSeconds(10)))
                .extracting(r -> r.get("seq"), r -> r.get("status"), r -> r.get("error"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, "applied", null),
                        org.assertj.core.groups.Tuple.tuple(6L, "failed", "rules[0]: broken"));
        assertThat(db.sql("SELECT role FROM edge_nodes WHERE node_id = 'wire-acks'").map((r, m) -> r.get(0, String.class))
                .one().block(Duration.ofSeconds(10))).isEqualTo("shield");
    }

    @Test
    void statsReport_writtenByTheNodesCodec_isStored() {
        String token = signupAndLogin("wire@stats.test");
        String service = createService(token, "wire-stats.localhost", 8081);
        StatsReport report = new StatsReport("wire-stats", NodeRole.EDGE, List.of(new ServiceCounters(service, MINUTE,
                10, 6, 3, 1, 0, 1000, 300, 3, 0, 9, 1, 0, 0, List.of(1L, 2L), List.of(new UrlCount("/a", 7, 700)),
                List.of(new VariantCount("exp", "b", 5, 3, 2, 5, 0, 0, 0, 2, 80)))),
                List.of(new OriginHealthReport(service, "origin", OriginHealthStatus.UNHEALTHY, MINUTE, MINUTE,
                        "connect refused", MINUTE)));
        post("/v1/edge/stats", "wire-stats", WireCodec.writeBytes(report)).expectStatus().isNoContent();
        assertThat(statsRowsOf("wire-stats")).isEqualTo(1);
        assertThat(db.sql("SELECT status, last_error FROM origin_health WHERE node_id = 'wire-stats'").fetch().one()
                .block(Duration.ofSeconds(10))).containsEntry("status", "unhealthy")
                .containsEntry("last_error", "connect refused");
    }

    @Test
    void ackBatch_withAFieldFromANewerNode_isStored() {
        String service = UUID.randomUUID().toString();
        post("/v1/edge/acks", "wire-newer-acks", """
                {"nodeId":"wire-newer-acks","role":"edge","pop":"fra","appliedInMs":4,
                 "acks":[{"seq":7,"serviceId":"%s","status":"applied","tookMs":3}]}""".formatted(service))
                .expectStatus().isNoContent();
        assertThat(acksOf("wire-newer-acks")).isEqualTo(1);
    }

    @Test
    void statsReport_withAFieldFromANewerNode_isStored() {
        String token = signupAndLogin("newer@stats.test");
        String service = createService(token, "wire-newer.localhost", 8081);
        post("/v1/edge/stats", "wire-newer-stats", """
                {"nodeId":"wire-newer-stats","role":"edge","uptimeSeconds":9,
                 "services":[{"serviceId":"%s","minute":"%s","requests":3,"http3":1}],
                 "origins":[{"serviceId":"%s","origin":"origin","status":"healthy","rttMs":2}]}"""
                .formatted(service, MINUTE, service)).expectStatus().isNoContent();
        assertThat(statsRowsOf("wire-newer-stats")).isEqualTo(1);
        assertThat(healthRowsOf("wire-newer-stats")).isEqualTo(1);
    }

    @Test
    void ackBatch_withAnUnknownStatus_isRefusedNamingTheField_andNothingIsStored() {
        String service = UUID.randomUUID().toString();
        refusesNaming(post("/v1/edge/acks", "wire-bad-status", """
                {"acks":[{"seq":8,"serviceId":"%s","status":"applied"},{"seq":9,"serviceId":"%s","status":"partly"}]}"""
                .formatted(service, service)), "acks[1].status");
        assertThat(acksOf("wire-bad-status")).isZero();
    }

    @Test
    void ackBatch_withoutAStatus_isRefusedNamingTheField() {
        refusesNaming(post("/v1/edge/acks", "wire-no-status", """
                {"acks":[{"seq":8,"serviceId":"%s"}]}""".formatted(UUID.randomUUID())), "acks[0].status");
        assertThat(acksOf("wire-no-status")).isZero();
    }

    @Test
    void ackBatch_withAnUnknownRole_isRefusedNamingTheField() {
        refusesNaming(post("/v1/edge/acks", "wire-bad-role", """
                {"role":"router","acks":[{"seq":8,"serviceId":"%s","status":"applied"}]}""".formatted(UUID.randomUUID())),
                "role");
        assertThat(acksOf("wire-bad-role")).isZero();
    }

    @Test
    void statsReport_withAnUnknownOriginStatus_isRefusedNamingTheField_andNothingIsStored() {
        String token = signupAndLogin("sick@stats.test");
        String service = createService(token, "wire-sick.localhost", 8081);
        refusesNaming(post("/v1/edge/stats", "wire-sick", """
                {"services":[{"serviceId":"%s","minute":"%s","requests":3}],
                 "origins":[{"serviceId":"%s","origin":"origin","status":"sick"}]}""".formatted(service, MINUTE, service)),
                "origins[0].status");
        assertThat(statsRowsOf("wire-sick")).isZero();
        assertThat(healthRowsOf("wire-sick")).isZero();
    }

    @Test
    void statsReport_withAnOriginWithoutAStatus_isRefusedNamingTheField_andNothingIsStored() {
        String token = signupAndLogin("nostatus@stats.test");
        String service = createService(token, "wire-nostatus.localhost", 8081);
        refusesNaming(post("/v1/edge/stats", "wire-nostatus", """
                {"services":[{"serviceId":"%s","minute":"%s","requests":3}],
                 "origins":[{"serviceId":"%s","origin":"origin"}]}""".formatted(service, MINUTE, service)),
                "origins[0].status");
        assertThat(statsRowsOf("wire-nostatus")).isZero();
    }

    @Test
    void statsReport_withAnUnknownRole_isRefusedNamingTheField() {
        refusesNaming(post("/v1/edge/stats", "wire-stats-role", """
                {"role":"router","services":[]}"""), "role");
    }

    @Test
    void statsReport_withoutAMinute_isRefusedNamingTheField() {
        refusesNaming(post("/v1/edge/stats", "wire-no-minute", """
                {"services":[{"serviceId":"%s","requests":3}]}""".formatted(UUID.randomUUID())), "services[0].minute");
        assertThat(statsRowsOf("wire-no-minute")).isZero();
    }
}
