package dev.cdn.api.topology;

import dev.cdn.api.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code CDN_TOPOLOGY_BOOTSTRAP}: the deployment's topology is stored at start and owns it (PUT is refused). */
@TestPropertySource(properties = {"cdn.operator.token=" + TopologyBootstrapTest.OPERATOR,
        "cdn.topology.bootstrap={\"regions\":[{\"name\":\"eu\",\"shields\":[{\"name\":\"shield-eu-1\","
                + "\"url\":\"http://10.0.1.10:8080\"}],\"pops\":[\"fra\"]}]}"})
class TopologyBootstrapTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-bootstrap";

    @Test
    void bootstrap_storesTheDeploymentsTopology_andTheApiRefusesToChangeIt() {
        web.get().uri("/v1/topology").headers(h -> h.setBearerAuth(OPERATOR)).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"r1\"")
                .expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.source").isEqualTo("bootstrap")
                .jsonPath("$.managedBy").isEqualTo("deployment")
                .jsonPath("$.regions[0].shields[0].name").isEqualTo("shield-eu-1");
        call("PUT", OPERATOR, "/v1/topology", "\"r1\"", Map.of("regions", List.of())).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat((String) d)
                        .contains("CDN_TOPOLOGY_BOOTSTRAP"));
    }
}
