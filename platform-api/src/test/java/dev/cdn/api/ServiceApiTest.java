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

class ServiceApiTest extends ApiTestBase {

    @Test
    void createService_invalidInput_listsEveryFieldAndStoresNothing() {
        String token = signupAndLogin("invalid@acme.test");
        web.post().uri("/v1/services").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("domains", List.of("bad_domain!"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 70000))))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'name')]").exists()
                .jsonPath("$.errors[?(@.field == 'domains[0]')]").exists()
                .jsonPath("$.errors[?(@.field == 'origins[0].port')]").exists();
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void createService_unknownField_isRejectedNamingIt() {
        String token = signupAndLogin("typo@acme.test");
        web.post().uri("/v1/services").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "domains", List.of("typo.test"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "prot", 80))))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").value(f -> assertThat((String) f).contains("prot"));
    }

    @Test
    void domains_verifiedByOneTenant_cannotBeClaimedByAnother() {
        String a = signupAndLogin("a@one.test");
        String b = signupAndLogin("b@two.test");
        createService(a, "shared.localhost", 8081);
        web.post().uri("/v1/services").headers(h -> h.setBearerAuth(b)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "y", "domains", List.of("Shared.Localhost"),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 80))))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("domains[0]");
    }

    @Test
    void otherTenantsService_isNotFound_andCannotBePurgedOrActivated() {
        String a = signupAndLogin("iso-a@one.test");
        String b = signupAndLogin("iso-b@two.test");
        String id = createService(a, "iso.example.com", 8081);
        web.get().uri("/v1/services/" + id).headers(h -> h.setBearerAuth(b)).exchange().expectStatus().isNotFound();
        web.post().uri("/v1/services/" + id + "/versions/1/activate").headers(h -> h.setBearerAuth(b)).exchange()
                .expectStatus().isNotFound();
        web.post().uri("/v1/services/" + id + "/purge").headers(h -> h.setBearerAuth(b))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("all", true))
                .exchange().expectStatus().isNotFound();
        web.get().uri("/v1/services").headers(h -> h.setBearerAuth(b)).exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void purge_urlOfAnotherDomain_isRefused() {
        String token = signupAndLogin("purge@acme.test");
        String id = createService(token, "mine.example.com", 8081);
        web.post().uri("/v1/services/" + id + "/purge").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("urls", List.of("http://mine.example.com/ok", "http://theirs.example.com/x")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("urls[1]");
    }

    @Test
    void activate_publishesCompiledConfig_andPurgeFollowsOnTheEdgeStream() {
        String token = signupAndLogin("stream@acme.test");
        String id = createService(token, "stream.localhost", 8081);
        web.post().uri("/v1/services/" + id + "/versions/1/activate").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("active");

        Flux<EdgeEvent> stream = web.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/v1/edge/events?after=0")
                .headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-test");
                })
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .filter(e -> e.type() != EdgeEvent.Type.HEARTBEAT);

        StepVerifier.create(stream)
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(EdgeEvent.Type.CONFIG);
                    assertThat(e.service().id()).isEqualTo(id);
                    assertThat(e.service().version()).isEqualTo(1);
                    assertThat(e.service().domains()).containsExactly("stream.localhost");
                })
                .then(() -> web.post().uri("/v1/services/" + id + "/purge").headers(h -> h.setBearerAuth(token))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("urls", List.of("http://stream.localhost/a")))
                        .exchange().expectStatus().isAccepted())
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(EdgeEvent.Type.PURGE);
                    assertThat(e.purge().values()).containsExactly("http://stream.localhost/a");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void purgeStatus_showsEdgeAcknowledgement() {
        String token = signupAndLogin("ack@acme.test");
        String id = createService(token, "ack.example.com", 8081);
        Map<?, ?> purge = web.post().uri("/v1/services/" + id + "/purge").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("all", true))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        long seq = ((Number) purge.get("seq")).longValue();
        web.post().uri("/v1/edge/acks").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-ack");
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nodeId", "edge-ack", "role", "edge", "pop", "test", "acks", List.of(
                        Map.of("seq", seq, "serviceId", id, "purgeId", purge.get("id"), "status", "applied"))))
                .exchange().expectStatus().isNoContent();
        web.get().uri("/v1/purges/" + purge.get("id")).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("complete")
                .jsonPath("$.edges[0].nodeId").isEqualTo("edge-ack")
                .jsonPath("$.edges[0].status").isEqualTo("applied");
    }

    @Test
    void edgeStream_refusesTenantTokens() {
        String token = signupAndLogin("notedge@acme.test");
        web.get().uri("/v1/edge/events").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isForbidden();
    }
}
