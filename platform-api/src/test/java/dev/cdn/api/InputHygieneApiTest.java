package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Bad input of every kind is refused with a 4xx RFC 9457 body naming the field or parameter, before anything
 * reaches the database: each refused write leaves every table as it was.
 */
class InputHygieneApiTest extends ApiTestBase {

    @Autowired
    private DatabaseClient db;

    @LocalServerPort
    private int port;

    private String token;
    private String serviceId;
    private String draft;

    @BeforeEach
    void tenantWithADraft() {
        String email = "hygiene-" + System.nanoTime() + "@acme.test";
        token = signupAndLogin(email);
        serviceId = createService(token, "h" + System.nanoTime() + ".example.com", 8081);
        draft = "/v1/services/" + serviceId + "/versions/1";
    }

    @Test
    void nulCharacter_inAnyName_isRefusedNamingTheField_andNothingIsStored() {
        refused("POST", null, "/v1/signup", Map.of("tenantName", "Acme\u0000", "email", "nul@acme.test",
                "password", "correct horse battery"), 400, "tenantName");
        refused("POST", token, "/v1/services", Map.of("name", "shop\u0000", "domains", List.of("nul.example.com"),
                "origins", List.of(Map.of("host", "127.0.0.1", "port", 80))), 400, "name");
        refused("POST", token, draft + "/rules", Map.of("name", "r\u0000", "match", Map.of("pathPrefix", "/a/")),
                400, "name");
        refused("POST", token, "/v1/tokens", Map.of("name", "ci\u0000", "scopes", List.of("config:read")), 400, "name");
        refused("POST", token, "/v1/invitations", Map.of("email", "x\u0000@acme.test", "role", "member"), 400, "email");
        refused("POST", null, "/v1/sessions", Map.of("email", "x\u0000@acme.test", "password", "whatever12"),
                400, "email");
    }

    @Test
    void nullListElements_areRefusedNamingTheElement() {
        refused("POST", token, "/v1/services", Map.of("name", "n", "domains", java.util.Arrays.asList((Object) null),
                "origins", List.of(Map.of("host", "127.0.0.1", "port", 80))), 400, "domains[0]");
        refused("POST", token, "/v1/services", Map.of("name", "n", "domains", List.of("nulls.example.com"),
                "origins", java.util.Arrays.asList((Object) null)), 400, "origins[0]");
        refused("PUT", token, draft, Map.of("domains", java.util.Arrays.asList("ok.example.com", null),
                "origins", List.of(Map.of("host", "127.0.0.1", "port", 80))), 400, "domains[1]");
        refused("POST", token, "/v1/tokens", Map.of("name", "ci", "scopes", List.of("config:read"),
                "services", java.util.Arrays.asList((Object) null)), 400, "services[0]");
    }

    @Test
    void controlAndBidiCharacters_inNames_areRefused() {
        for (String bad : List.of("line\nbreak", "esc\u001b[31m", "evil\u202Etxt.exe", "iso\u2066late", "tab\there",
                "del\u007f")) {
            refused("POST", token, "/v1/services", Map.of("name", bad, "domains", List.of("ctl.example.com"),
                    "origins", List.of(Map.of("host", "127.0.0.1", "port", 80))), 400, "name");
            refused("POST", token, "/v1/tokens", Map.of("name", bad, "scopes", List.of("config:read")), 400, "name");
            refused("POST", null, "/v1/signup", Map.of("tenantName", bad, "email", "ctl@acme.test",
                    "password", "correct horse battery"), 400, "tenantName");
        }
        refused("POST", token, "/v1/tokens", Map.of("name", "x".repeat(101), "scopes", List.of("config:read")),
                400, "name");
        // Printable Unicode stays welcome.
        web.post().uri("/v1/tokens").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Déploiement – 東京 🚀", "scopes", List.of("config:read")))
                .exchange().expectStatus().isCreated();
    }

    @Test
    void ruleNames_areUrlSafe_soEveryRouteCanAddressThem() {
        refused("POST", token, draft + "/rules", Map.of("name", "my rule/1", "match", Map.of("pathPrefix", "/a/")),
                400, "name");
        refused("PUT", token, draft, Map.of("domains", List.of("rn.example.com"),
                "origins", List.of(Map.of("host", "127.0.0.1", "port", 80)),
                "rules", List.of(Map.of("name", "a b", "match", Map.of("pathPrefix", "/a/")))), 400, "rules[0].name");
    }

    @Test
    void timestampsOutsideWhatTheDatabaseStores_areRefused() {
        refused("GET", token, "/v1/services/" + serviceId + "/stats?from=-100000-01-01T00:00:00Z", null, 400, "from");
        refused("GET", token, "/v1/services/" + serviceId + "/stats?to=+100000-01-01T00:00:00Z", null, 400, "to");
        refused("POST", token, "/v1/tokens", Map.of("name", "far", "scopes", List.of("config:read"),
                "expiresAt", "+100000-01-01T00:00:00Z"), 400, "expiresAt");
    }

    @Test
    void edgeReportedInstantsOutsideWhatTheDatabaseStores_areRefused() {
        web.post().uri("/v1/edge/stats").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-hygiene");
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", "edge-hygiene", "services", List.of(Map.of("serviceId", serviceId,
                        "minute", "+100000-01-01T00:00:00Z", "requests", 1))))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("services[0].minute");
    }

    @Test
    void malformedPathParameters_areNamed() {
        refused("GET", token, "/v1/services/not-a-uuid", null, 400, "id");
        refused("DELETE", token, "/v1/tokens/42", null, 400, "id");
        refused("GET", token, "/v1/services/" + serviceId + "/versions/one", null, 400, "number");
        refused("GET", token, "/v1/services/" + serviceId + "/stats?step=many", null, 400, "step");
    }

    @Test
    void pathTraversal_getsAProblemBody() throws Exception {
        // Sent as raw bytes: a client library would re-encode the '%'.
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/v1/services/..%2ftokens"))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(400, 404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.body()).contains("\"status\":" + response.statusCode());
    }

    /** Sends a request that must be refused; checks the problem body and that no table changed. */
    private void refused(String method, String bearer, String uri, Object body, int status, String field) {
        String before = fingerprint();
        var spec = web.method(HttpMethod.valueOf(method)).uri(uri);
        if (bearer != null) {
            spec = spec.headers(h -> h.setBearerAuth(bearer));
        }
        WebTestClient.ResponseSpec response = body == null ? spec.exchange()
                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
        assertThat(fingerprint()).as("tables after a refused %s %s", method, uri).isEqualTo(before);
    }

    /** Row counts and contents of every table a request could write. */
    private String fingerprint() {
        return db.sql("""
                        SELECT (SELECT count(*) FROM tenants) || '/' || (SELECT count(*) FROM users) || '/'
                            || (SELECT count(*) FROM api_tokens WHERE kind = 'api') || '/'
                            || (SELECT count(*) FROM invitations) || '/' || (SELECT count(*) FROM audit_log) || '/'
                            || (SELECT count(*) FROM domains) || '/' || (SELECT count(*) FROM edge_events) || '/'
                            || (SELECT coalesce(md5(string_agg(service_id || ':' || number || ':' || config::text, ','
                                    ORDER BY service_id, number)), '') FROM service_versions) || '/'
                            || (SELECT coalesce(md5(string_agg(id || name, ',' ORDER BY id)), '') FROM services) AS f""")
                .map((row, meta) -> row.get("f", String.class)).one().block();
    }
}
