package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Many concurrent requests over both tiers, a RAM tier too small for the working set, and purges racing them. */
class TierStressTest {

    @TempDir
    Path dir;

    @Test
    void concurrentRequestsAndPurges_overBothTiers_alwaysServeTheRightBody() throws Exception {
        String pad = "p".repeat(60 * 1024);
        try (ScriptedOrigin origin = new ScriptedOrigin()) {
            origin.script(s -> Reply.ok(s.uri() + pad, "Cache-Control", "max-age=60", "Surrogate-Key", "all"));
            Files.write(dir.resolve("edge.json"), ConfigCodec.writeBytes(new EdgeConfig(List.of(
                    Configs.service("demo", 1, "demo.localhost", origin.port())))));
            // 1 MiB of RAM holds ~15 of the 40 objects: the rest come from disk, promotions and evictions churn.
            try (EdgeNode edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0)
                    .allowedPrivateOrigins("127.0.0.1")
                    .adminListen("127.0.0.1", 0).adminToken("t").configFile(dir.resolve("edge.json"))
                    .memoryBytes(1024 * 1024).diskDir(dir.resolve("disk")).diskBytes(64 * 1024 * 1024).build())) {
                Flux<String> requests = Flux.range(0, 300).flatMap(i -> {
                    String path = "/o" + (i * 7919 % 40);
                    return Http.getAsync(edge.port(), "demo.localhost", path).map(r -> {
                        assertThat(r.status()).isEqualTo(200);
                        assertThat(r.body()).isEqualTo(path + pad);
                        return r.header("X-Cache");
                    });
                }, 32);
                Flux<String> purges = Flux.range(0, 10).concatMap(i -> Mono.delay(Duration.ofMillis(20)).then(
                        Http.requestAsync(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                                "{\"serviceId\":\"demo\",\"kind\":\"" + (i % 2 == 0 ? "tag\",\"values\":[\"all\"]" : "all\"")
                                        + ",\"soft\":" + (i % 3 == 0) + "}",
                                "Authorization", "Bearer t").map(r -> "purge " + r.status())));
                List<String> outcomes = Flux.merge(requests, purges).collectList().block(Duration.ofSeconds(60));
                assertThat(outcomes).hasSize(310).filteredOn(o -> o.startsWith("purge")).containsOnly("purge 200");
                assertThat(outcomes).contains("HIT");
            }
        }
    }
}
