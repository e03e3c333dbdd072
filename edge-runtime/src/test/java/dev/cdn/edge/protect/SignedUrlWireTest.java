package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.Protection;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.SignedUrls;
import dev.cdn.config.SigningKey;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.ScriptedOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed URLs on real sockets: a good token passes and is stripped from the key and the origin request; expiry
 * (on a mutable clock), tampering, unknown and rotated keys, and address and path bindings are refused with
 * their reason codes.
 */
class SignedUrlWireTest {

    static final String HOST = "signed.localhost";
    static final byte[] KEY1 = "k1-secret-0123456789abcdefghijklmn".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEY2 = "k2-secret-0123456789abcdefghijklmn".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(NOW);
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() {
        origin = new ScriptedOrigin();
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    static String b64(byte[] key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    ServiceConfig service(long version, List<String> paths, SigningKey... keys) {
        return Configs.protect(Configs.service("signed", version, HOST, origin.port()),
                new Protection(new SignedUrls(null, "cdn_token", paths, List.of(keys))));
    }

    void start(ServiceConfig service) throws Exception {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0).adminToken("secret")
                .configFile(file).clock(clock).build());
    }

    void reload(ServiceConfig service) throws Exception {
        Files.write(dir.resolve("edge.json"), ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
        edge.pollConfigFile();
        assertThat(edge.configVersion("signed")).hasValue(service.version());
    }

    long in(Duration d) {
        return NOW.plus(d).getEpochSecond();
    }

    Http.Response get(String pathAndQuery, String... headers) {
        return Http.get(edge.port(), HOST, pathAndQuery, headers);
    }

    @Test
    void goodToken_passes_andIsRemovedFromTheOriginRequestAndTheCacheKey() throws Exception {
        start(service(1, List.of(), new SigningKey("k1", b64(KEY1))));
        String t1 = SignedUrlToken.sign(KEY1, "k1", in(Duration.ofMinutes(5)), null, null, "/v/a.mp4");
        String t2 = SignedUrlToken.sign(KEY1, "k1", in(Duration.ofMinutes(6)), null, null, "/v/a.mp4");

        Http.Response first = get("/v/a.mp4?q=1&token=" + t1);
        Http.Response second = get("/v/a.mp4?token=" + t2 + "&q=1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(origin.last().uri()).isEqualTo("/v/a.mp4?q=1");
        // Two visitors' tokens differ; without the token in the key, the second is a hit on the first's fill.
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("X-Cache")).isEqualTo("HIT");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void tokenInTheCookie_passes() throws Exception {
        start(service(1, List.of(), new SigningKey("k1", b64(KEY1))));
        String t = SignedUrlToken.sign(KEY1, "k1", in(Duration.ofMinutes(5)), null, "/v/", null);

        assertThat(get("/v/b.mp4", "Cookie", "other=1; cdn_token=" + t).status()).isEqualTo(200);
    }

    @Test
    void token_refusedOnceTheClockReachesItsExpiry() throws Exception {
        start(service(1, List.of(), new SigningKey("k1", b64(KEY1))));
        String t = SignedUrlToken.sign(KEY1, "k1", in(Duration.ofSeconds(60)), null, null, "/a");

        assertThat(get("/a?token=" + t).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(59));
        assertThat(get("/a?token=" + t).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        Http.Response expired = get("/a?token=" + t);

        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.body()).isEqualTo("refused by signed-url: expired\n");
        assertThat(expired.header("Cache-Status")).isEqualTo("edge-1; detail=signed-url.expired");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void tamperedTokensAndPaths_areRefusedWithTheirReason() throws Exception {
        start(service(1, List.of(), new SigningKey("k1", b64(KEY1))));
        String t = SignedUrlToken.sign(KEY1, "k1", in(Duration.ofMinutes(5)), null, null, "/a");
        String later = t.replace("exp=" + in(Duration.ofMinutes(5)), "exp=" + in(Duration.ofDays(365)));

        assertThat(reason(get("/a?token=" + later))).isEqualTo("signed-url.bad-signature");
        assertThat(reason(get("/b?token=" + t))).isEqualTo("signed-url.bad-signature");
        assertThat(reason(get("/a?token=" + t.replace("kid=k1", "kid=k9")))).isEqualTo("signed-url.unknown-key");
        assertThat(reason(get("/a?token=exp=1~hmac=x"))).isEqualTo("signed-url.malformed");
        assertThat(reason(get("/a?token=" + t + "&token=" + t))).isEqualTo("signed-url.malformed");
        assertThat(reason(get("/a"))).isEqualTo("signed-url.missing");
        assertThat(origin.count()).isZero();
        String scrape = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        assertThat(scrape).contains("edge_protection_refused_total{protection=\"signed-url\",reason=\"bad-signature\",rule=\"-\","
                + "service=\"signed\"} 2.0");
    }

    @Test
    void bindings_refuseAnotherAddressOrAPathOutsideThePrefix() throws Exception {
        start(service(1, List.of(), new SigningKey("k1", b64(KEY1))));
        long exp = in(Duration.ofMinutes(5));

        assertThat(get("/a?token=" + SignedUrlToken.sign(KEY1, "k1", exp, "127.0.0.1", null, "/a")).status())
                .isEqualTo(200);
        assertThat(get("/a?token=" + SignedUrlToken.sign(KEY1, "k1", exp, "0:0:0:0:0:0:0:1", null, "/a")).status())
                .isEqualTo(403);
        assertThat(reason(get("/a?token=" + SignedUrlToken.sign(KEY1, "k1", exp, "192.0.2.7", null, "/a"))))
                .isEqualTo("signed-url.wrong-address");
        String videos = SignedUrlToken.sign(KEY1, "k1", exp, null, "/videos/", null);
        assertThat(get("/videos/x/y.mp4?token=" + videos).status()).isEqualTo(200);
        assertThat(reason(get("/images/y.png?token=" + videos))).isEqualTo("signed-url.wrong-path");
        // Dot segments are removed before the prefix is compared (RFC 3986 section 5.2.4): no climbing out.
        assertThat(reason(get("/videos/../secret?token=" + videos))).isEqualTo("signed-url.wrong-path");
    }

    @Test
    void rotation_bothKeysPassWhileActive_aRemovedKeyIsUnknown() throws Exception {
        start(service(1, List.of(), new SigningKey("k1", b64(KEY1))));
        long exp = in(Duration.ofMinutes(5));
        String old = SignedUrlToken.sign(KEY1, "k1", exp, null, null, "/a");
        String fresh = SignedUrlToken.sign(KEY2, "k2", exp, null, null, "/a");
        assertThat(reason(get("/a?token=" + fresh))).isEqualTo("signed-url.unknown-key");

        reload(service(2, List.of(), new SigningKey("k1", b64(KEY1)), new SigningKey("k2", b64(KEY2))));
        assertThat(get("/a?token=" + old).status()).isEqualTo(200);
        assertThat(get("/a?token=" + fresh).status()).isEqualTo(200);

        reload(service(3, List.of(), new SigningKey("k2", b64(KEY2))));
        assertThat(reason(get("/a?token=" + old))).isEqualTo("signed-url.unknown-key");
        assertThat(get("/a?token=" + fresh).status()).isEqualTo(200);
        // A token signed by one key under the other's id is a bad signature, not a pass.
        assertThat(reason(get("/a?token=" + old.replace("kid=k1", "kid=k2")))).isEqualTo("signed-url.bad-signature");
    }

    @Test
    void pathsOutsideTheProtectedGlobs_needNoToken() throws Exception {
        start(service(1, List.of("/private/**"), new SigningKey("k1", b64(KEY1))));

        assertThat(get("/public/a.css").status()).isEqualTo(200);
        assertThat(reason(get("/private/a.pdf"))).isEqualTo("signed-url.missing");
    }

    static String reason(Http.Response r) {
        assertThat(r.status()).isEqualTo(403);
        String cs = r.header("Cache-Status");
        return cs.substring(cs.indexOf("detail=") + 7);
    }
}
