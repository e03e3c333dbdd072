package dev.cdn.api.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.EdgeEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

/** {@code GET/PUT /v1/topology}: validation, ETag and If-Match, audit, the event nodes receive, node versions. */
@TestPropertySource(properties = {"cdn.operator.token=" + TopologyApiTest.OPERATOR})
class TopologyApiTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-topology";

    @Autowired
    DatabaseClient db;

    private static Map<String, Object> region(String name, List<String> pops, Map<?, ?>... shields) {
        return Map.of("name", name, "pops", pops, "shields", List.of(shields));
    }

    private static Map<String, Object> shield(String name, String url) {
        return Map.of("name", name, "url", url);
    }

    private long count(String sql) {
        return db.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    @Test
    void replace_storesANewVersion_underIfMatch_andAuditsAndPublishesIt() {
        web.get().uri("/v1/topology").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"r0\"")
                .expectBody().jsonPath("$.version").isEqualTo(0).jsonPath("$.regions").isEmpty()
                .jsonPath("$.managedBy").isEqualTo("api");
        Map<String, Object> doc = Map.of("regions", List.of(
                region("eu", List.of("fra", "lhr"), shield("eu-1", "http://10.0.1.10:8080"),
                        shield("eu-2", "http://10.0.1.11:8080")),
                region("us", List.of("iad"), shield("us-1", "https://shield-us.localhost"))));

        call("PUT", OPERATOR, "/v1/topology", null, doc).expectStatus().isEqualTo(428)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("If-Match");
        call("PUT", OPERATOR, "/v1/topology", "\"r0\"", doc).expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"r1\"")
                .expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.source").isEqualTo("api")
                .jsonPath("$.regions[0].shields[1].name").isEqualTo("eu-2")
                .jsonPath("$.regions[1].pops[0]").isEqualTo("iad");
        // A writer that read version 0 does not overwrite version 1.
        call("PUT", OPERATOR, "/v1/topology", "\"r0\"", Map.of("regions", List.of())).expectStatus().isEqualTo(412)
                .expectHeader().valueEquals("ETag", "\"r1\"");

        web.get().uri("/v1/topology").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"r1\"").expectBody().jsonPath("$.updatedBy").isEqualTo("operator");
        assertThat(count("SELECT count(*) FROM operator_audit_log WHERE action = 'topology.replace' AND target_id = '1'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM edge_events WHERE kind = 'topology'")).isEqualTo(1);
        String payload = db.sql("SELECT payload::text FROM edge_events WHERE kind = 'topology'")
                .map((row, meta) -> row.get(0, String.class)).one().block();
        assertThat(payload).contains("\"version\": 1").contains("shield-us.localhost");
    }

    @Test
    void replace_refusesABadDocument_namingEachFieldPath_andStoresNothing() {
        long before = count("SELECT count(*) FROM shield_topology_versions");
        Map<String, Object> bad = Map.of("regions", List.of(
                region("eu", List.of("fra"), shield("s1", "ftp://10.0.1.10"), shield("s1", "http://10.0.1.11")),
                region("Bad_Name", List.of("fra"), shield("s3", "http://")),
                region("us", List.of())));
        call("PUT", OPERATOR, "/v1/topology", "*", bad).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'regions[0].shields[0].url')]").exists()
                .jsonPath("$.errors[?(@.field == 'regions[0].shields[1].name')]").exists()
                .jsonPath("$.errors[?(@.field == 'regions[1].name')]").exists()
                .jsonPath("$.errors[?(@.field == 'regions[1].pops[0]')]").exists()
                .jsonPath("$.errors[?(@.field == 'regions[1].shields[0].url')]").exists()
                .jsonPath("$.errors[?(@.field == 'regions[2].shields')]").exists();
        call("PUT", OPERATOR, "/v1/topology", "*", Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("regions");
        call("PUT", OPERATOR, "/v1/topology", "*", Map.of("regions", List.of(Map.of("name", 5, "shields", "x"))))
                .expectStatus().isBadRequest();
        assertThat(count("SELECT count(*) FROM shield_topology_versions")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM operator_audit_log")).isZero();
    }

    @Test
    void nodes_showTheTopologyVersionEachNodeAcknowledged() {
        Map<String, Object> ack = Map.of("seq", 7, "serviceId", EdgeEvent.TOPOLOGY_SUBJECT, "version", 3,
                "status", "applied");
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-topology-1");
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", "edge-topology-1", "role", "edge", "pop", "fra", "acks", List.of(ack)))
                .exchange().expectStatus().isNoContent();
        web.get().uri("/v1/topology/nodes").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[?(@.nodeId == 'edge-topology-1')].topologyVersion").isEqualTo(3)
                .jsonPath("$.items[?(@.nodeId == 'edge-topology-1')].status").isEqualTo("applied");
    }

    @Test
    void topology_refusesTenantsAndAnonymousCallers() {
        String tenant = signupAndLogin("topology-tenant@acme.test");
        for (String path : List.of("/v1/topology", "/v1/topology/nodes")) {
            web.get().uri(path).headers(h -> h.setBearerAuth(tenant)).exchange().expectStatus().isForbidden();
            web.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
        call("PUT", tenant, "/v1/topology", "*", Map.of("regions", List.of())).expectStatus().isForbidden();
        web.put().uri("/v1/topology").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("regions", List.of()))
                .exchange().expectStatus().isUnauthorized();
    }
}
