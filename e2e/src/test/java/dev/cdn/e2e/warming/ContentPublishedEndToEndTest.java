package dev.cdn.e2e.warming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.e2e.EndToEndPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Content published" end to end: the control plane, on PostgreSQL, fetches the sitemap from the origin, warms the
 * shield (which fetches each page from the origin once), then the edge (which fills from the shield), and the
 * next client request is a hit that reaches neither. The signed-webhook variant warms the same way.
 */
class ContentPublishedEndToEndTest {

    private static final String DOMAIN = "published.e2e.localhost";
    private static EndToEndPlatform platform;

    @BeforeAll
    static void start() {
        platform = EndToEndPlatform.start(DOMAIN);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void contentPublished_withASitemap_warmsShieldThenEdge_andClientsHitWithoutReachingTheOrigin() {
        var published = platform.api("POST", "/v1/services/" + platform.serviceId() + "/content-published",
                Map.of("sitemapUrl", "http://127.0.0.1:" + platform.originPort() + "/sitemap.xml", "ratePerSecond", 50));
        assertThat(published.status()).as(published.body()).isEqualTo(202);
        String warmId = json(published.body()).get("id").asString();

        JsonNode done = awaitComplete(warmId);
        assertThat(done.get("nodes").findValuesAsString("nodeId")).containsExactlyInAnyOrder("shield-1", "edge-1");
        List<String> origin = platform.originPaths();
        for (int i = 1; i <= 3; i++) {
            assertThat(origin).as("the shield fetched /published/%d from the origin once", i)
                    .containsOnlyOnce("/published/" + i);
        }

        int before = platform.originPaths().size();
        for (int i = 1; i <= 3; i++) {
            EndToEndPlatform.Seen seen = platform.get("/published/" + i);
            assertThat(seen.status()).isEqualTo(200);
            assertThat(seen.cache()).as("/published/%d after warming", i).isEqualTo("HIT");
        }
        assertThat(platform.originPaths()).hasSize(before);
    }

    @Test
    void contentPublished_bySignedWebhook_warmsTheUrlsInTheBody() {
        var secret = platform.api("POST", "/v1/services/" + platform.serviceId() + "/content-published/secret", null);
        assertThat(secret.status()).as(secret.body()).isEqualTo(201);
        String key = json(secret.body()).get("secret").asString();
        byte[] body = ("{\"urls\":[\"http://" + DOMAIN + "/hooked/1\"]}").getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());

        int[] status = new int[1];
        String answer = HttpClient.create().headers(h -> h.set("Content-Type", "application/json")
                        .set("X-CDN-Timestamp", timestamp).set("X-CDN-Signature", hmac(key, timestamp, body)))
                .post().uri("http://127.0.0.1:" + platform.apiPort() + "/v1/hooks/services/" + platform.serviceId()
                        + "/content-published")
                .send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body)))
                .responseSingle((res, content) -> {
                    status[0] = res.status().code();
                    return content.asString();
                })
                .block(Duration.ofSeconds(20));
        assertThat(status[0]).as(answer).isEqualTo(202);

        awaitComplete(json(answer).get("id").asString());
        assertThat(platform.get("/hooked/1").cache()).isEqualTo("HIT");
        assertThat(platform.originPaths()).containsOnlyOnce("/hooked/1");
    }

    private static JsonNode awaitComplete(String warmId) {
        JsonNode[] last = new JsonNode[1];
        EndToEndPlatform.await("warm " + warmId + " completes on shield and edge", () -> {
            last[0] = json(platform.api("GET", "/v1/warms/" + warmId, null).body());
            return "complete".equals(last[0].get("status").asString());
        });
        return last[0];
    }

    /** The signature as a publishing system computes it, independently of the platform's code. */
    private static String hmac(String key, String timestamp, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String body) {
        return JsonMapper.shared().readTree(body);
    }
}
