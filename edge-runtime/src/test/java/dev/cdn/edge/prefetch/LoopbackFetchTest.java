package dev.cdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.fleet.FleetGate;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

class LoopbackFetchTest {

    @Test
    void aPrefetch_presentsTheNodesFleetCredential_soAShieldWithFleetTrustAnswersIt() {
        AtomicReference<HttpHeaders> seen = new AtomicReference<>();
        DisposableServer shield = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    seen.set(req.requestHeaders());
                    return res.sendString(Mono.just("next page"));
                }).bindNow();
        try {
            LoopbackFetch fetch = new LoopbackFetch(shield::port, () -> "issued-credential");
            assertThat(fetch.get("https", "shop.example", "/next").block(Duration.ofSeconds(10))).isEqualTo(9L);
            assertThat(seen.get().get(FleetGate.HEADER)).isEqualTo("issued-credential");
            assertThat(seen.get().get("Host")).isEqualTo("shop.example");
            assertThat(seen.get().get("X-Forwarded-Proto")).isEqualTo("https");
            assertThat(seen.get().get(ShieldPrefetcher.MARKER)).isEqualTo("1");

            new LoopbackFetch(shield::port, () -> null).get("http", "shop.example", "/next").block(Duration.ofSeconds(10));
            assertThat(seen.get().contains(FleetGate.HEADER)).as("a standalone node has none").isFalse();
        } finally {
            shield.disposeNow();
        }
    }
}
