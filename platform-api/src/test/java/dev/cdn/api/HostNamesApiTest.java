package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code GET /v1/hostnames}: the names the GeoDNS responder answers, for the operator only. */
@TestPropertySource(properties = {"cdn.operator.token=" + HostNamesApiTest.OPERATOR})
class HostNamesApiTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-hostnames";

    @SuppressWarnings("unchecked")
    private List<String> names() {
        Map<?, ?> body = web.get().uri("/v1/hostnames").headers(h -> h.setBearerAuth(OPERATOR)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) body.get("items")).stream().map(m -> (String) m.get("name")).toList();
    }

    @Test
    void hostNames_listsVerifiedDomainsOfActiveServices_only() {
        String tenant = signupAndLogin("hostnames@acme.test");
        String active = createService(tenant, "listed.hostnames.localhost", 8081);
        createService(tenant, "draft-only.hostnames.localhost", 8081);
        String deleted = createService(tenant, "deleted.hostnames.localhost", 8081);
        for (String id : List.of(active, deleted)) {
            web.post().uri("/v1/services/" + id + "/versions/1/activate").headers(h -> h.setBearerAuth(tenant))
                    .exchange().expectStatus().isOk();
        }
        assertThat(names()).contains("listed.hostnames.localhost", "deleted.hostnames.localhost")
                .doesNotContain("draft-only.hostnames.localhost");

        web.delete().uri("/v1/services/" + deleted).headers(h -> h.setBearerAuth(tenant)).exchange()
                .expectStatus().is2xxSuccessful();

        assertThat(names()).contains("listed.hostnames.localhost").doesNotContain("deleted.hostnames.localhost");
    }

    @Test
    void hostNames_refusesTenantsAndAnonymousCallers() {
        String tenant = signupAndLogin("hostnames-tenant@acme.test");
        web.get().uri("/v1/hostnames").headers(h -> h.setBearerAuth(tenant)).exchange().expectStatus().isForbidden();
        web.get().uri("/v1/hostnames").exchange().expectStatus().isUnauthorized();
    }
}
