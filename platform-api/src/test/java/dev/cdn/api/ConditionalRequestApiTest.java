package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Strong ETags on every mutable resource, and If-Match honoured on its writes (RFC 9110 §13.1.1). */
class ConditionalRequestApiTest extends ApiTestBase {

    private String etag(WebTestClient.ResponseSpec response) {
        return response.expectBody().returnResult().getResponseHeaders().getETag();
    }

    @Test
    void draftEdit_withAStaleIfMatch_is412CarryingTheCurrentEtag_andChangesNothing() {
        String token = signupAndLogin("etag-draft@acme.test");
        String id = createService(token, "etag-draft.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        String read = etag(call("GET", token, v1, null, null).expectStatus().isOk());
        assertThat(read).matches("\"r\\d+\"");
        // Someone else changes the settings first, holding the same ETag: their write wins and moves the ETag.
        String afterSettings = etag(call("PUT", token, v1 + "/settings", read, Map.of("defaultTtlSeconds", 60))
                .expectStatus().isOk());
        assertThat(afterSettings).isNotEqualTo(read);
        // The stale writer is refused and told the current ETag; the rule is not stored.
        call("POST", token, v1 + "/rules", read, Map.of("name", "static", "match", Map.of("pathPrefix", "/s/")))
                .expectStatus().isEqualTo(412)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.ETAG, afterSettings)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("If-Match");
        call("GET", token, v1 + "/rules", null, null).expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, afterSettings)
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        // Every kind of draft write checks the same tag.
        for (String[] write : new String[][] {{"PUT", v1}, {"POST", v1 + "/domains"}, {"DELETE", v1 + "/domains/x.test"},
                {"POST", v1 + "/origins"}, {"PUT", v1 + "/origins/origin-1"}, {"DELETE", v1 + "/origins/origin-1"},
                {"PUT", v1 + "/rules/r"}, {"DELETE", v1 + "/rules/r"}, {"PUT", v1 + "/rule-order"},
                {"PUT", v1 + "/settings"}, {"POST", v1 + "/activate"}}) {
            Object body = write[0].equals("DELETE") || write[1].endsWith("/activate") ? null : Map.of();
            call(write[0], token, write[1], read, body).expectStatus().isEqualTo(412);
        }
        // The current ETag passes, and so does no If-Match at all (it is optional).
        call("POST", token, v1 + "/rules", afterSettings, Map.of("name", "static", "match", Map.of("pathPrefix", "/s/")))
                .expectStatus().isCreated().expectHeader().exists(HttpHeaders.ETAG);
        call("PUT", token, v1 + "/settings", null, Map.of("defaultTtlSeconds", 30)).expectStatus().isOk();
    }

    @Test
    void ifMatch_starMatchesAnyCurrentVersion_weakTagsNever_andGarbageIsA400() {
        String token = signupAndLogin("etag-star@acme.test");
        String id = createService(token, "etag-star.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        String current = etag(call("GET", token, v1, null, null));
        call("PUT", token, v1 + "/settings", "*", Map.of("defaultTtlSeconds", 60)).expectStatus().isOk();
        current = etag(call("GET", token, v1, null, null));
        call("PUT", token, v1 + "/settings", "W/" + current, Map.of("defaultTtlSeconds", 61)).expectStatus().isEqualTo(412);
        call("PUT", token, v1 + "/settings", "\"r0\", " + current, Map.of("defaultTtlSeconds", 62)).expectStatus().isOk();
        call("PUT", token, v1 + "/settings", "r7", Map.of("defaultTtlSeconds", 63)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("If-Match");
    }

    @Test
    void activation_withAStaleIfMatch_is412_andTheVersionStaysADraft() {
        String token = signupAndLogin("etag-activate@acme.test");
        String id = createService(token, "etag-activate.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        String reviewed = etag(call("GET", token, v1, null, null));
        call("POST", token, v1 + "/domains", null, Map.of("name", "late.example.com")).expectStatus().isCreated();
        call("POST", token, v1 + "/activate", reviewed, null).expectStatus().isEqualTo(412);
        call("GET", token, v1, null, null).expectBody().jsonPath("$.state").isEqualTo("draft");
    }

    @Test
    void service_andUser_carryEtags_andAStaleRoleChangeIs412() {
        String owner = signupAndLogin("etag-team@acme.test");
        String id = createService(owner, "etag-team.example.com", 8081);
        call("GET", owner, "/v1/services/" + id, null, null).expectStatus().isOk()
                .expectHeader().exists(HttpHeaders.ETAG).expectBody().jsonPath("$.etag").exists();
        String link = (String) call("POST", owner, "/v1/invitations", null, Map.of("email", "m@acme.test", "role", "member"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("token");
        String userId = (String) web.post().uri("/v1/invitations/" + link + "/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "member password")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        String read = etag(call("GET", owner, "/v1/users/" + userId, null, null).expectStatus().isOk());
        List<?> users = (List<?>) call("GET", owner, "/v1/users", null, null).expectBody(Map.class).returnResult()
                .getResponseBody().get("items");
        assertThat(users).anySatisfy(u -> assertThat(((Map<?, ?>) u).get("etag")).isEqualTo(read));
        String promoted = etag(call("PATCH", owner, "/v1/users/" + userId, read, Map.of("role", "admin"))
                .expectStatus().isOk());
        assertThat(promoted).isNotEqualTo(read);
        call("PATCH", owner, "/v1/users/" + userId, read, Map.of("role", "member")).expectStatus().isEqualTo(412)
                .expectHeader().valueEquals(HttpHeaders.ETAG, promoted);
        call("DELETE", owner, "/v1/users/" + userId, read, null).expectStatus().isEqualTo(412);
        call("GET", owner, "/v1/users/" + userId, null, null).expectBody().jsonPath("$.role").isEqualTo("admin");
        call("DELETE", owner, "/v1/users/" + userId, promoted, null).expectStatus().isNoContent();
    }
}
