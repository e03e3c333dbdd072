package dev.cdn.api.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.PurgeKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@TestPropertySource(properties = "cdn.edge.event-retention=0s")
class EdgeLogCompactionTest extends ApiTestBase {

    @Autowired
    EdgeLogCompactor compactor;

    private Flux<EdgeEvent> stream(long after) {
        return web.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/v1/edge/events?after=" + after)
                .headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "edge-behind");
                })
                .exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .filter(e -> e.type() != EdgeEvent.Type.HEARTBEAT);
    }

    @Test
    void edgeBehindCompaction_dropsTheServiceCacheThenGetsTheCurrentConfig() {
        String token = signupAndLogin("compact@acme.test");
        String id = createService(token, "compact.localhost", 8081);
        web.post().uri("/v1/services/" + id + "/versions/1/activate").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk();
        for (int i = 0; i < 2; i++) {
            web.post().uri("/v1/services/" + id + "/purge").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("tags", List.of("t" + i)))
                    .exchange().expectStatus().isAccepted();
        }
        assertThat(compactor.compactNow().block(Duration.ofSeconds(10))).isEqualTo(2L);

        StepVerifier.create(stream(1))
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(EdgeEvent.Type.PURGE);
                    assertThat(e.purge().kind()).isEqualTo(PurgeKind.ALL);
                    assertThat(e.purge().serviceId()).isEqualTo(id);
                })
                .assertNext(e -> assertThat(e.type()).isEqualTo(EdgeEvent.Type.CONFIG))
                .thenCancel()
                .verify(Duration.ofSeconds(15));

        // A fresh edge just gets the config, which compaction kept.
        StepVerifier.create(stream(0))
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(EdgeEvent.Type.CONFIG);
                    assertThat(e.service().id()).isEqualTo(id);
                })
                .thenCancel()
                .verify(Duration.ofSeconds(15));
    }
}
