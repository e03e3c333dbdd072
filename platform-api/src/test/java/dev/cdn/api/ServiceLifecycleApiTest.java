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

/** Deleting a service (edges told, domains freed, history kept) and discarding a draft. */
class ServiceLifecycleApiTest extends ApiTestBase {

    @Test
    void deleteService_tellsTheEdges_freesItsDomains_andKeepsItsHistory() {
        String token = signupAndLogin("delete@acme.test");
        String other = signupAndLogin("claim@other.test");
        String id = createService(token, "deleted.localhost", 8081);
        String etag = call("POST", token, "/v1/services/" + id + "/versions/1/activate", null, null)
                .expectStatus().isOk().expectBody().returnResult().getResponseHeaders().getETag();
        String serviceTag = call("GET", token, "/v1/services/" + id, null, null).expectBody().returnResult()
                .getResponseHeaders().getETag();
        assertThat(etag).isNotNull();

        call("DELETE", token, "/v1/services/" + id, "\"r0\"", null).expectStatus().isEqualTo(412);

        // An edge connected before the delete receives the service, then its removal.
        Flux<EdgeEvent> stream = web.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/v1/edge/events?after=0")
                .headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-lifecycle");
                })
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .filter(e -> e.type() != EdgeEvent.Type.HEARTBEAT && id.equals(e.serviceId()));
        StepVerifier.create(stream)
                .assertNext(e -> assertThat(e.type()).isEqualTo(EdgeEvent.Type.CONFIG))
                .then(() -> call("DELETE", token, "/v1/services/" + id, serviceTag, null).expectStatus().isNoContent())
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(EdgeEvent.Type.REMOVE);
                    assertThat(e.serviceId()).isEqualTo(id);
                })
                .thenCancel()
                .verify(Duration.ofSeconds(20));

        call("GET", token, "/v1/services/" + id, null, null).expectStatus().isNotFound();
        call("GET", token, "/v1/services", null, null).expectBody().jsonPath("$.items.length()").isEqualTo(0);
        call("DELETE", token, "/v1/services/" + id, null, null).expectStatus().isNotFound();
        call("POST", token, "/v1/services/" + id + "/purge", null, Map.of("all", true)).expectStatus().isNotFound();
        call("GET", token, "/v1/audit", null, null).expectBody()
                .jsonPath("$.items[0].action").isEqualTo("service.delete")
                .jsonPath("$.items[0].before.domains[0]").isEqualTo("deleted.localhost");
        // Another tenant may now claim the domain.
        createService(other, "deleted.localhost", 8082);
    }

    @Test
    void discardDraft_returnsTheServiceToItsActiveConfig_andReleasesTheDraftsDomains() {
        String token = signupAndLogin("discard@acme.test");
        String id = createService(token, "discard.localhost", 8081);
        String base = "/v1/services/" + id + "/versions/";
        call("POST", token, base + "1/activate", null, null).expectStatus().isOk();
        call("POST", token, base + "1/clone", null, null).expectStatus().isCreated();
        String draftTag = call("POST", token, base + "2/domains", null, Map.of("name", "draft-only.localhost"))
                .expectStatus().isCreated().expectBody().returnResult().getResponseHeaders().getETag();

        call("DELETE", token, base + "1", null, null).expectStatus().isEqualTo(409);
        call("DELETE", token, base + "2", "\"r0\"", null).expectStatus().isEqualTo(412);
        call("DELETE", token, base + "2", draftTag, null).expectStatus().isNoContent();

        call("GET", token, base + "2", null, null).expectStatus().isNotFound();
        call("GET", token, "/v1/services/" + id, null, null).expectBody()
                .jsonPath("$.activeVersion").isEqualTo(1)
                .jsonPath("$.latestVersion").isEqualTo(1)
                .jsonPath("$.domains.length()").isEqualTo(1)
                .jsonPath("$.domains[0]").isEqualTo("discard.localhost");
        // The draft's own domain is free again; the active version's is not.
        String other = signupAndLogin("discard-other@acme.test");
        createService(other, "draft-only.localhost", 8082);
        call("GET", token, "/v1/audit", null, null).expectBody().jsonPath("$.items[0].action").isEqualTo("version.discard");
        // A new draft takes a fresh number: numbers are never reused.
        call("POST", token, base + "1/clone", null, null).expectStatus().isCreated().expectBody()
                .jsonPath("$.number").isEqualTo(3);
    }

    @Test
    void discardDraft_theOnlyVersionOfANewService_isRefused() {
        String token = signupAndLogin("only@acme.test");
        String id = createService(token, "only.localhost", 8081);
        call("DELETE", token, "/v1/services/" + id + "/versions/1", null, null).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        call("GET", token, "/v1/services/" + id + "/versions/1", null, null).expectStatus().isOk();
    }
}
