package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Editing a version's experiments and rules through the API, against a real PostgreSQL. */
class EdgeLogicApiTest extends ApiTestBase {

    static final Map<String, Object> LOGIC = Map.of(
            "experiments", List.of(Map.of("name", "home", "match", Map.of("path", "/"),
                    "variants", List.of(Map.of("name", "a", "weight", 80), Map.of("name", "b", "weight", 20,
                            "requestHeaders", List.of(Map.of("op", "set", "name", "X-Variant", "value", "b")))))),
            "rules", List.of(Map.of("name", "hsts", "responseHeaders",
                    List.of(Map.of("op", "set", "name", "Strict-Transport-Security", "value", "max-age=600")))));

    @Test
    void logic_isStoredAndRead_keptByOtherEdits_andByActivation() {
        String token = signupAndLogin("logic@acme.test");
        String id = createService(token, "logic.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("PUT", token, v1 + "/logic", null, LOGIC).expectStatus().isOk().expectBody()
                .jsonPath("$.config.logic.experiments[0].variants[1].weight").isEqualTo(20);
        call("GET", token, v1 + "/logic", null, null).expectStatus().isOk()
                .expectHeader().exists("ETag")
                .expectBody().jsonPath("$.rules[0].name").isEqualTo("hsts")
                .jsonPath("$.experiments[0].sticky").isEqualTo("cookie");
        call("POST", token, v1 + "/domains", null, Map.of("name", "www.logic.example.com")).expectStatus().isCreated();
        call("PUT", token, v1 + "/settings", null, Map.of("defaultTtlSeconds", 60)).expectStatus().isOk();
        call("POST", token, v1 + "/activate", null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.config.logic.experiments[0].name").isEqualTo("home")
                .jsonPath("$.config.logic.rules[0].name").isEqualTo("hsts");
        // An active version is immutable: its logic too.
        call("PUT", token, v1 + "/logic", null, Map.of()).expectStatus().isEqualTo(409);
    }

    @Test
    void badLogic_isRefusedWithProblemJsonNamingEveryField_andNothingIsStored() {
        String token = signupAndLogin("badlogic@acme.test");
        String id = createService(token, "badlogic.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("PUT", token, v1 + "/logic", null, LOGIC).expectStatus().isOk();
        Map<String, Object> bad = Map.of(
                "experiments", List.of(Map.of("name", "home", "variants",
                        List.of(Map.of("name", "a", "weight", 60), Map.of("name", "b", "weight", 30)))),
                "rules", List.of(
                        Map.of("name", "loop", "match", Map.of("path", "/old/**"),
                                "redirect", Map.of("status", 301, "location", "/old/again")),
                        Map.of("name", "inject", "requestHeaders",
                                List.of(Map.of("op", "set", "name", "X-A", "value", "v\r\nX-Evil: 1"))),
                        Map.of("name", "regex", "match", Map.of("headers",
                                List.of(Map.of("name", "X-B", "op", "regex", "value", "([a-z"))))));
        call("PUT", token, v1 + "/logic", null, bad).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'logic.experiments[0].variants')]").exists()
                .jsonPath("$.errors[?(@.field == 'logic.rules[0].redirect.location')]").exists()
                .jsonPath("$.errors[?(@.field == 'logic.rules[1].requestHeaders[0].value')]").exists()
                .jsonPath("$.errors[?(@.field == 'logic.rules[2].match.headers[0].value')]").exists();
        call("GET", token, v1 + "/logic", null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.experiments[0].variants[0].weight").isEqualTo(80)
                .jsonPath("$.rules.length()").isEqualTo(1);
    }

    @Test
    void unknownFieldOrWrongType_isRefusedAsABadRequest() {
        String token = signupAndLogin("typo@acme.test");
        String id = createService(token, "typo.example.com", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("PUT", token, v1 + "/logic", null, Map.of("rules", List.of(Map.of("name", "r", "redirect",
                Map.of("status", "moved", "location", "/x"))))).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        call("GET", token, v1 + "/logic", null, null).expectStatus().isOk().expectBody()
                .jsonPath("$.rules.length()").isEqualTo(0);
    }

    @Test
    void activation_publishesTheLogicToEdges() {
        String token = signupAndLogin("publish@acme.test");
        String id = createService(token, "ab.localhost", 8081);
        String v1 = "/v1/services/" + id + "/versions/1";
        call("PUT", token, v1 + "/logic", null, LOGIC).expectStatus().isOk();
        call("POST", token, v1 + "/activate", null, null).expectStatus().isOk();
        Flux<EdgeEvent> stream = web.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/v1/edge/events?after=0")
                .headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-logic-test");
                })
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .filter(e -> e.type() == EdgeEvent.Type.CONFIG);
        StepVerifier.create(stream)
                .assertNext(e -> {
                    assertThat(e.service().logic().experiments()).extracting(x -> x.name()).containsExactly("home");
                    assertThat(e.service().logic().rules()).extracting(x -> x.name()).containsExactly("hsts");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(20));
    }
}
