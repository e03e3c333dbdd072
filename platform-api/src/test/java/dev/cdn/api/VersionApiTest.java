package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class VersionApiTest extends ApiTestBase {

    private WebTestClient.ResponseSpec call(String method, String token, String uri, Object body) {
        var spec = web.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri)
                .headers(h -> h.setBearerAuth(token));
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void draft_editsDomainsOriginsRulesAndSettings() {
        String token = signupAndLogin("edit@acme.test");
        String id = createService(token, "edit.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("POST", token, v1 + "/domains", Map.of("name", "www.Edit.example.com")).expectStatus().isCreated()
                .expectBody().jsonPath("$.config.domains[1]").isEqualTo("www.edit.example.com");
        call("POST", token, v1 + "/origins", Map.of("name", "backup", "host", "93.184.216.34", "port", 8082))
                .expectStatus().isCreated().expectBody().jsonPath("$.config.origins[1].name").isEqualTo("backup");
        call("POST", token, v1 + "/rules", Map.of("name", "static", "match", Map.of("pathPrefix", "/static/"),
                "edgeTtlSeconds", 3600)).expectStatus().isCreated();
        call("POST", token, v1 + "/rules?position=0", Map.of("name", "api", "match", Map.of("pathPrefix", "/api/"),
                "bypass", true)).expectStatus().isCreated()
                .expectBody().jsonPath("$.config.rules[0].name").isEqualTo("api");
        call("PUT", token, v1 + "/rule-order", Map.of("names", List.of("static", "api"))).expectStatus().isOk()
                .expectBody().jsonPath("$.config.rules[0].name").isEqualTo("static");
        call("PUT", token, v1 + "/settings", Map.of("defaultTtlSeconds", 120)).expectStatus().isOk()
                .expectBody().jsonPath("$.config.settings.defaultTtlSeconds").isEqualTo(120);
        call("DELETE", token, v1 + "/origins/backup", null).expectStatus().isOk()
                .expectBody().jsonPath("$.config.origins.length()").isEqualTo(1);
        call("DELETE", token, v1 + "/rules/nope", null).expectStatus().isNotFound();
    }

    @Test
    void draft_invalidRule_isRejectedAndNothingStored() {
        String token = signupAndLogin("badrule@acme.test");
        String id = createService(token, "badrule.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("POST", token, v1 + "/rules", Map.of("name", "bad", "match", Map.of("glob", "no-slash"),
                "edgeTtlSeconds", -5, "varyHeaders", List.of("Bad Header")))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'rules[0].match.glob')]").exists()
                .jsonPath("$.errors[?(@.field == 'rules[0].edgeTtlSeconds')]").exists()
                .jsonPath("$.errors[?(@.field == 'rules[0].varyHeaders[0]')]").exists();
        call("GET", token, v1 + "/rules", null).expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void settings_shieldRegion_isStored_andABadOneIsRejectedNamingTheField_withNothingStored() {
        String token = signupAndLogin("region@acme.test");
        String id = createService(token, "region.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("PUT", token, v1 + "/settings", Map.of("shieldRegion", "eu-west")).expectStatus().isOk()
                .expectBody().jsonPath("$.config.settings.shieldRegion").isEqualTo("eu-west");
        call("PUT", token, v1 + "/settings", Map.of("shieldRegion", "EU West!", "defaultTtlSeconds", 60))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("settings.shieldRegion");
        call("GET", token, v1, null).expectStatus().isOk().expectBody()
                .jsonPath("$.config.settings.shieldRegion").isEqualTo("eu-west")
                .jsonPath("$.config.settings.defaultTtlSeconds").doesNotExist();
    }

    @Test
    void settings_esiBounds_areStored_andOutOfRangeOnesRefusedNamingTheField() {
        String token = signupAndLogin("esi@acme.test");
        String id = createService(token, "esi.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("PUT", token, v1 + "/settings", Map.of("esi", Map.of("maxIncludes", 4,
                "allowedHosts", List.of("static.example.com"), "allowedPaths", List.of("/frag/"))))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.config.settings.esi.maxIncludes").isEqualTo(4)
                .jsonPath("$.config.settings.esi.allowedHosts[0]").isEqualTo("static.example.com");
        call("PUT", token, v1 + "/settings", Map.of("esi", Map.of("maxIncludes", 0, "allowedPaths", List.of("frag"))))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "settings.esi.maxIncludes", "settings.esi.allowedPaths[0]"));
        call("GET", token, v1, null).expectStatus().isOk().expectBody()
                .jsonPath("$.config.settings.esi.maxIncludes").isEqualTo(4);
    }

    @Test
    void activeVersion_isLocked_cloneMakesANewDraft_diffShowsTheChange_rollbackReactivates() {
        String token = signupAndLogin("lock@acme.test");
        String id = createService(token, "lock.example.com", 8081);
        String base = "/v1/services/" + id + "/versions/";
        call("POST", token, base + "1/activate", null).expectStatus().isOk();
        call("POST", token, base + "1/domains", Map.of("name", "more.example.com")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("clone"));

        call("POST", token, base + "1/clone", null).expectStatus().isCreated()
                .expectBody().jsonPath("$.number").isEqualTo(2).jsonPath("$.state").isEqualTo("draft");
        call("POST", token, base + "2/rules", Map.of("name", "img", "match", Map.of("extensions", List.of("png")),
                "edgeTtlSeconds", 600)).expectStatus().isCreated();
        call("GET", token, base + "1/diff/2", null).expectStatus().isOk()
                .expectBody().jsonPath("$.changes[0].path").isEqualTo("rules[img]")
                .jsonPath("$.changes[0].op").isEqualTo("added");

        call("POST", token, base + "2/validate", null).expectStatus().isOk()
                .expectBody().jsonPath("$.valid").isEqualTo(true);
        call("POST", token, base + "2/activate", null).expectStatus().isOk();
        web.get().uri("/v1/services/" + id).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().jsonPath("$.activeVersion").isEqualTo(2);

        // Rollback: activate version 1 again.
        call("POST", token, base + "1/activate", null).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("active");
        call("GET", token, "/v1/services/" + id + "/versions", null).expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].state").isEqualTo("active")
                .jsonPath("$.items[1].state").isEqualTo("inactive");
    }

    @Test
    void validate_reportsEveryProblemOfAnIncompleteDraft() {
        String token = signupAndLogin("validate@acme.test");
        String id = createService(token, "validate.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("DELETE", token, v1 + "/origins/origin-1", null).expectStatus().isOk();
        call("POST", token, v1 + "/validate", null).expectStatus().isOk()
                .expectBody().jsonPath("$.valid").isEqualTo(false)
                .jsonPath("$.errors[0].field").isEqualTo("origins");
        call("POST", token, v1 + "/activate", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("origins");
    }

    @Test
    void audit_recordsWhoChangedWhat() {
        String token = signupAndLogin("audit@acme.test");
        String id = createService(token, "audit.example.com", 8081);
        call("POST", token, "/v1/services/" + id + "/versions/1/activate", null).expectStatus().isOk();
        call("GET", token, "/v1/audit", null).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].action").isEqualTo("version.activate")
                .jsonPath("$.items[0].after.activeVersion").isEqualTo(1)
                .jsonPath("$.items[1].action").isEqualTo("service.create")
                .jsonPath("$.items[1].actor").value(a -> assertThat((String) a).startsWith("user:"));
        String other = signupAndLogin("audit-other@acme.test");
        call("GET", other, "/v1/audit", null).expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }
}
