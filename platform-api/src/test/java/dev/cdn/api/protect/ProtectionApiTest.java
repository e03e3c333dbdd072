package dev.cdn.api.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;

/**
 * Editing a version's protection: keys go in and never come out (answers, diff, audit log), yet reach the edges;
 * other edits keep the protection; bad input is refused with problem+json naming the field, and nothing is stored.
 */
class ProtectionApiTest extends ApiTestBase {

    static final String S1 = b64("k1-secret-0123456789abcdefghijklmn");
    static final String S2 = b64("k2-secret-0123456789abcdefghijklmn");

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    static Map<String, Object> signed(List<Map<String, Object>> keys) {
        return Map.of("signedUrls", Map.of("cookie", "cdn_token", "paths", List.of("/videos/**"), "keys", keys));
    }

    String body(String method, String token, String uri, Object body) {
        byte[] bytes = call(method, token, uri, null, body).expectStatus().is2xxSuccessful().expectBody()
                .returnResult().getResponseBody();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void signingKeys_areNeverSentBack_butReachTheEdges() {
        String token = signupAndLogin("keys@protect.test");
        String id = createService(token, "keys.protect.localhost", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";

        String put = body("PUT", token, v1 + "/protection", signed(List.of(Map.of("id", "k1", "secret", S1))));
        assertThat(put).doesNotContain(S1).contains("\"fingerprint\":\"sha256:");
        call("GET", token, v1 + "/protection", null, null).expectStatus().isOk()
                .expectHeader().exists("ETag")
                .expectBody().jsonPath("$.signedUrls.keys[0].id").isEqualTo("k1")
                .jsonPath("$.signedUrls.keys[0].secret").doesNotExist()
                .jsonPath("$.signedUrls.keys[0].fingerprint").isEqualTo(
                        new dev.cdn.config.SigningKey("k1", S1).fingerprint());
        body("POST", token, v1 + "/clone", null);
        body("PUT", token, "/v1/services/" + id + "/versions/2/protection",
                signed(List.of(Map.of("id", "k2", "secret", S2))));
        assertThat(body("GET", token, v1, null)).doesNotContain(S1);
        assertThat(body("GET", token, v1 + "/diff/2", null)).doesNotContain(S1).doesNotContain(S2);
        assertThat(body("GET", token, "/v1/audit", null)).doesNotContain(S1).doesNotContain(S2).contains("k2");

        body("POST", token, v1 + "/activate", null);
        String events = web.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/v1/edge/events?after=0").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-protect");
                })
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .filter(e -> e.type() == EdgeEvent.Type.CONFIG && id.equals(e.serviceId()))
                .next().map(e -> e.service().protection().signedUrls().keys().get(0).secret())
                .block(Duration.ofSeconds(20));
        assertThat(events).isEqualTo(S1);
    }

    @Test
    void otherEdits_keepTheProtection_andAKeySentWithoutItsSecretKeepsTheStoredOne() {
        String token = signupAndLogin("keep@protect.test");
        String id = createService(token, "keep.protect.localhost", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        body("PUT", token, v1 + "/protection", signed(List.of(Map.of("id", "k1", "secret", S1))));

        body("PUT", token, v1 + "/settings", Map.of("defaultTtlSeconds", 60));
        body("POST", token, v1 + "/rules", Map.of("name", "static", "match", Map.of("pathPrefix", "/static/")));
        body("PUT", token, v1, Map.of("domains", List.of("keep.protect.localhost"),
                "origins", List.of(Map.of("host", "127.0.0.1", "port", 8081))));
        call("GET", token, v1 + "/protection", null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.signedUrls.keys[0].id").isEqualTo("k1");

        // Rotation: keep k1 by id alone, add k2 with its secret.
        call("PUT", token, v1 + "/protection", null, signed(List.of(Map.of("id", "k1"), Map.of("id", "k2", "secret", S2))))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.signedUrls.keys[0].fingerprint").isEqualTo(new dev.cdn.config.SigningKey("k1", S1).fingerprint())
                .jsonPath("$.signedUrls.keys[1].fingerprint").isEqualTo(new dev.cdn.config.SigningKey("k2", S2).fingerprint());
    }

    @Test
    void badProtection_isRefusedNamingEachField_andNothingIsStored() {
        String token = signupAndLogin("bad@protect.test");
        String id = createService(token, "bad.protect.localhost", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        body("PUT", token, v1 + "/protection", signed(List.of(Map.of("id", "k1", "secret", S1))));

        String problem = new String(call("PUT", token, v1 + "/protection", null, Map.of("signedUrls", Map.of(
                        "parameter", "to ken", "paths", List.of("videos"),
                        "keys", List.of(Map.of("id", "k1", "secret", "short"), Map.of("id", "new"),
                                Map.of("id", "k3", "secret", S2)))))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'protection.signedUrls.parameter')]").exists()
                .jsonPath("$.errors[?(@.field == 'protection.signedUrls.paths[0]')]").exists()
                .jsonPath("$.errors[?(@.field == 'protection.signedUrls.keys')]").exists()
                .jsonPath("$.errors[?(@.field == 'protection.signedUrls.keys[0].secret')]").exists()
                .jsonPath("$.errors[?(@.field == 'protection.signedUrls.keys[1].secret')]").exists()
                .returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(problem).doesNotContain(S2).doesNotContain("short");

        call("GET", token, v1 + "/protection", null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.signedUrls.keys.length()").isEqualTo(1)
                .jsonPath("$.signedUrls.parameter").isEqualTo("token");
    }

    @Test
    void protection_ofAnotherTenantsService_isNotFound() {
        String owner = signupAndLogin("owner@protect.test");
        String other = signupAndLogin("other@protect.test");
        String id = createService(owner, "owned.protect.localhost", 8081);
        call("GET", other, "/v1/services/" + id + "/versions/1/protection", null, null).expectStatus().isNotFound();
        call("PUT", other, "/v1/services/" + id + "/versions/1/protection", null,
                signed(List.of(Map.of("id", "k1", "secret", S1)))).expectStatus().isNotFound();
        call("GET", owner, "/v1/services/" + id + "/versions/1/protection", null, null).expectStatus().isOk()
                .expectBody().jsonPath("$.signedUrls").doesNotExist();
    }
}
