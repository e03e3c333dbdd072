package dev.cdn.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code GET /v1/operator-audit}: every operator change (edge tokens created and revoked, nodes decommissioned, the
 * topology replaced) is recorded with its change and read back newest first, filtered and paged; secrets never
 * appear; bad filters are refused before any query.
 */
@TestPropertySource(properties = {"cdn.operator.token=" + OperatorAuditApiTest.OPERATOR})
class OperatorAuditApiTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-audit";

    @Autowired
    DatabaseClient db;

    private Map<?, ?> audit(String query) {
        return web.get().uri("/v1/operator-audit" + query).headers(h -> h.setBearerAuth(OPERATOR)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<?, ?> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    @Test
    void operatorChanges_areRecordedWithoutSecrets_andReadNewestFirst() {
        Map<?, ?> token = call("POST", OPERATOR, "/v1/edge-tokens", null, Map.of("name", "fra-1"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String id = (String) token.get("id");
        String secret = (String) token.get("token");
        call("DELETE", OPERATOR, "/v1/edge-tokens/" + id, null, null).expectStatus().isNoContent();
        call("DELETE", OPERATOR, "/v1/edge-tokens/" + id, null, null).expectStatus().isNoContent();
        db.sql("INSERT INTO edge_nodes (node_id, role, pop) VALUES ('edge-fra-1', 'edge', 'fra')").then().block();
        call("DELETE", OPERATOR, "/v1/edges/edge-fra-1", null, null).expectStatus().isNoContent();
        call("DELETE", OPERATOR, "/v1/edges/edge-fra-1", null, null).expectStatus().isNotFound();
        call("PUT", OPERATOR, "/v1/topology", "\"r0\"", Map.of("regions", List.of())).expectStatus().isOk();

        Map<?, ?> page = audit("");
        assertThat(items(page)).extracting(e -> e.get("action")).containsExactly(
                "topology.replace", "edge.decommission", "edge-token.revoke", "edge-token.create");
        assertThat(items(page)).allSatisfy(e -> assertThat(e.get("actor")).isEqualTo("operator"));
        Map<String, Object> created = items(page).get(3);
        assertThat(created.get("targetType")).isEqualTo("edge-token");
        assertThat(created.get("targetId")).isEqualTo(id);
        assertThat(created.get("before")).isNull();
        assertThat(created.get("after")).isEqualTo(Map.of("id", id, "name", "fra-1", "prefix", token.get("prefix")));
        assertThat(((Map<?, ?>) items(page).get(2).get("before")).get("name")).isEqualTo("fra-1");
        assertThat((Map<?, ?>) items(page).get(1).get("before")).isEqualTo(
                Map.of("nodeId", "edge-fra-1", "role", "edge", "pop", "fra"));
        String raw = web.get().uri("/v1/operator-audit").headers(h -> h.setBearerAuth(OPERATOR)).exchange()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(raw).doesNotContain(secret);

        assertThat(items(audit("?targetType=edge-token"))).extracting(e -> e.get("action"))
                .containsExactly("edge-token.revoke", "edge-token.create");
        assertThat(items(audit("?action=edge.decommission&targetId=edge-fra-1"))).hasSize(1);
        assertThat(items(audit("?from=2999-01-01T00:00:00Z"))).isEmpty();

        Map<?, ?> first = audit("?limit=3");
        assertThat(items(first)).hasSize(3);
        Map<?, ?> second = audit("?limit=3&before=" + first.get("next"));
        assertThat(items(second)).extracting(e -> e.get("action")).containsExactly("edge-token.create");
        assertThat(second.get("next")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void badFilters_areRefusedNamingEachField() {
        web.get().uri("/v1/operator-audit?limit=0&before=-1&action=DROP%20TABLE&targetType=x%27&from=yesterday")
                .headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith("application/problem+json")
                .expectBody().jsonPath("$.errors[*].field")
                .value(fields -> assertThat((List<String>) fields)
                        .containsExactlyInAnyOrder("limit", "before", "action", "targetType", "from"));
    }
}
