package dev.cdn.api;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A version's note: set when a draft is made (the service's first version, or a clone), changed on a draft under
 * its ETag, listed with the versions and written to the audit log; a note too long or with control characters is
 * refused naming {@code note}, with nothing stored.
 */
class VersionNoteApiTest extends ApiTestBase {

    @Test
    void note_setOnCloneAndOnCreate_isListedAndShownWithTheVersion() {
        String token = signupAndLogin("note@notes.test");
        Map<?, ?> service = web.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "notes", "domains", List.of("notes.notes.localhost"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 9)), "note", "First setup"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String v = "/v1/services/" + service.get("id") + "/versions";
        call("GET", token, v + "/1", null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.note").isEqualTo("First setup");
        call("POST", token, v + "/1/clone", null, Map.of("note", "Longer TTL for images\nbecause the origin is slow"))
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.number").isEqualTo(2)
                .jsonPath("$.note").isEqualTo("Longer TTL for images\nbecause the origin is slow");
        call("POST", token, v + "/1/clone", null, null).expectStatus().isCreated().expectBody()
                .jsonPath("$.number").isEqualTo(3).jsonPath("$.note").isEmpty();
        call("GET", token, v, null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].note").isEqualTo("First setup")
                .jsonPath("$.items[1].note").isEqualTo("Longer TTL for images\nbecause the origin is slow");
    }

    @Test
    void note_editedOnADraft_honoursIfMatch_andIsAudited() {
        String token = signupAndLogin("edit@notes.test");
        String id = createService(token, "edit.notes.localhost", 9);
        String v1 = "/v1/services/" + id + "/versions/1";
        String etag = call("GET", token, v1, null, null).expectStatus().isOk().returnResult(Void.class)
                .getResponseHeaders().getETag();
        call("PATCH", token, v1, "\"stale\"", Map.of("note", "lost")).expectStatus().isEqualTo(412);
        call("PATCH", token, v1, etag, Map.of("note", "Origin moved to port 9")).expectStatus().isOk()
                .expectHeader().value("ETag", e -> org.assertj.core.api.Assertions.assertThat(e).isNotEqualTo(etag))
                .expectBody().jsonPath("$.note").isEqualTo("Origin moved to port 9");
        call("GET", token, "/v1/audit", null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.action == 'version.note')].after.note").isEqualTo("Origin moved to port 9");
        call("PATCH", token, v1, null, Map.of("note", "")).expectStatus().isOk().expectBody()
                .jsonPath("$.note").isEmpty();
    }

    @Test
    void note_tooLongOrWithControlCharacters_isRefusedNamingNote_andNothingStored() {
        String token = signupAndLogin("bad@notes.test");
        String id = createService(token, "bad.notes.localhost", 9);
        String v = "/v1/services/" + id + "/versions";
        call("PATCH", token, v + "/1", null, Map.of("note", "kept")).expectStatus().isOk();
        call("PATCH", token, v + "/1", null, Map.of("note", "x".repeat(501))).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("note");
        call("PATCH", token, v + "/1", null, Map.of("note", "tab\there")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("note");
        call("POST", token, v + "/1/clone", null, Map.of("note", "bell\u0007")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("note");
        call("GET", token, v, null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].note").isEqualTo("kept");
    }

    @Test
    void note_onAnActiveVersion_isRefusedAsLocked() {
        String token = signupAndLogin("locked@notes.test");
        String id = createService(token, "locked.notes.localhost", 9);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("POST", token, v1 + "/activate", null, null).expectStatus().isOk();
        call("PATCH", token, v1, null, Map.of("note", "too late")).expectStatus().isEqualTo(409);
    }
}
