package dev.cdn.api.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.ssrf.PlatformOnlyNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * "Content published" through the API and the signed webhook: the URLs, or a sitemap fetched under the SSRF
 * rule, become a warm; bad sitemaps, addresses, signatures and bodies are refused naming the field, with nothing
 * stored. The sitemaps come from a real HTTP server on 127.0.0.1 (which the tests' SSRF allow-list admits),
 * reached by address or by a name only the platform resolves.
 */
@Import(PlatformOnlyNames.class)
class ContentPublishedApiTest extends ApiTestBase {

    private static DisposableServer sitemaps;
    /** The Host header of every request for a good sitemap. */
    private static final List<String> hostsAsked = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void serveSitemaps() {
        sitemaps = HttpServer.create().host("127.0.0.1").port(0).route(r -> r
                .get("/good/{host}", (req, res) -> {
                    hostsAsked.add(req.requestHeaders().get("Host"));
                    return res.header("Content-Type", "application/xml").sendString(Mono.just("""
                            <?xml version="1.0" encoding="UTF-8"?>
                            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                              <url><loc>http://%1$s/a</loc></url>
                              <url><loc>http://%1$s/b</loc></url>
                            </urlset>""".formatted(req.param("host"))));
                })
                .get("/foreign/{host}", (req, res) -> res.sendString(Mono.just(
                        "<urlset><url><loc>http://%s/a</loc></url><url><loc>http://elsewhere.localhost/x</loc></url></urlset>"
                                .formatted(req.param("host")))))
                .get("/xxe.xml", (req, res) -> res.sendString(Mono.just("""
                        <?xml version="1.0"?>
                        <!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                        <urlset><url><loc>http://publish.localhost/&xxe;</loc></url></urlset>""")))
                .get("/huge.xml", (req, res) -> res.sendString(Flux.range(0, 7 * 1024)
                        .map(i -> "<!-- " + "x".repeat(1014) + " -->\n")))
                .get("/moved.xml", (req, res) -> res.status(302).header("Location", "http://169.254.169.254/").send()))
                .bindNow();
    }

    @AfterAll
    static void stop() {
        sitemaps.disposeNow();
    }

    private String sitemap(String path) {
        return "http://127.0.0.1:" + sitemaps.port() + path;
    }

    private WebTestClient.ResponseSpec publish(String token, String service, Object body) {
        return web.post().uri("/v1/services/" + service + "/content-published").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private void assertNothingWarmed(String token, String service) {
        List<?> warms = web.get().uri("/v1/audit?service=" + service).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody() instanceof Map<?, ?> m
                ? ((List<?>) m.get("items")).stream()
                        .filter(i -> String.valueOf(((Map<?, ?>) i).get("action")).startsWith("warm.")).toList()
                : List.of();
        assertThat(warms).as("warms recorded").isEmpty();
    }

    @Test
    void publish_withASitemap_warmsEveryUrlItLists() {
        String token = signupAndLogin("sitemap@publish.test");
        String service = createService(token, "sitemap.publish.localhost", 8081);
        publish(token, service, Map.of("sitemapUrl", sitemap("/good/sitemap.publish.localhost"), "ratePerSecond", 5))
                .expectStatus().isAccepted().expectBody()
                .jsonPath("$.urls[0]").isEqualTo("http://sitemap.publish.localhost/a")
                .jsonPath("$.urls[1]").isEqualTo("http://sitemap.publish.localhost/b")
                .jsonPath("$.ratePerSecond").isEqualTo(5)
                .jsonPath("$.id").exists();
    }

    @Test
    void publish_sitemapByName_isFetchedFromTheAddressTheSsrfCheckSaw_withTheNameAsHost() {
        String token = signupAndLogin("by-name@publish.test");
        String service = createService(token, "by-name.publish.localhost", 8081);
        String authority = PlatformOnlyNames.name("sitemaps") + ":" + sitemaps.port();
        publish(token, service, Map.of("sitemapUrl", "http://" + authority + "/good/by-name.publish.localhost"))
                .expectStatus().isAccepted().expectBody()
                .jsonPath("$.urls[0]").isEqualTo("http://by-name.publish.localhost/a");
        assertThat(hostsAsked).contains(authority);
    }

    @Test
    void publish_sitemapWithADoctype_isRefusedNamingSitemapUrl_andNothingIsStored() {
        String token = signupAndLogin("xxe@publish.test");
        String service = createService(token, "xxe.publish.localhost", 8081);
        publish(token, service, Map.of("sitemapUrl", sitemap("/xxe.xml"))).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[?(@.field == 'sitemapUrl')].message").value(m ->
                        assertThat(m.toString()).contains("DTD").doesNotContain("root:"));
        assertNothingWarmed(token, service);
    }

    @Test
    void publish_sitemapOnALinkLocalAddress_isRefusedBeforeAnythingConnects() {
        String token = signupAndLogin("ssrf@publish.test");
        String service = createService(token, "ssrf.publish.localhost", 8081);
        publish(token, service, Map.of("sitemapUrl", "http://169.254.169.254/latest/meta-data")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'sitemapUrl')].message").value(m ->
                        assertThat(m.toString()).contains("only public addresses"));
        assertNothingWarmed(token, service);
    }

    @Test
    void publish_sitemapThatRedirects_isRefused_theRedirectIsNotFollowed() {
        String token = signupAndLogin("moved@publish.test");
        String service = createService(token, "moved.publish.localhost", 8081);
        publish(token, service, Map.of("sitemapUrl", sitemap("/moved.xml"))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'sitemapUrl')].message").value(m ->
                        assertThat(m.toString()).contains("302", "redirects are not followed"));
    }

    @Test
    void publish_sitemapLargerThanTheBound_isRefused() {
        String token = signupAndLogin("huge@publish.test");
        String service = createService(token, "huge.publish.localhost", 8081);
        publish(token, service, Map.of("sitemapUrl", sitemap("/huge.xml"))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'sitemapUrl')].message").value(m ->
                        assertThat(m.toString()).contains("larger than 5 MiB"));
    }

    @Test
    void publish_sitemapListingAnotherHost_isRefusedNamingTheEntry() {
        String token = signupAndLogin("foreign@publish.test");
        String service = createService(token, "foreign.publish.localhost", 8081);
        publish(token, service, Map.of("sitemapUrl", sitemap("/foreign/foreign.publish.localhost"))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'sitemapUrl')].message").value(m ->
                        assertThat(m.toString()).contains("entry 2", "elsewhere.localhost"));
        assertNothingWarmed(token, service);
    }

    @Test
    void publish_withBothOrNeither_isRefused() {
        String token = signupAndLogin("both@publish.test");
        String service = createService(token, "both.publish.localhost", 8081);
        publish(token, service, Map.of("urls", List.of("http://both.publish.localhost/a"), "sitemapUrl", sitemap("/good/both.publish.localhost")))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[?(@.field == 'sitemapUrl')]").exists();
        publish(token, service, Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'urls')]").exists();
        publish(token, service, Map.of("urls", List.of("http://both.publish.localhost/a"), "ratePerSecond", 0))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[?(@.field == 'ratePerSecond')]").exists();
    }

    @Test
    void webhook_signedWithTheServicesSecret_warms_andEveryBadSignatureIsTheSame401() {
        String token = signupAndLogin("hook@publish.test");
        String service = createService(token, "hook.publish.localhost", 8081);
        String secret = web.post().uri("/v1/services/" + service + "/content-published/secret")
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("secret").toString();
        byte[] body = "{\"urls\":[\"http://hook.publish.localhost/hooked\"]}".getBytes(StandardCharsets.UTF_8);
        String now = String.valueOf(Instant.now().getEpochSecond());

        hook(service, now, WarmWebhookSignature.sign(secret, now, body), body).expectStatus().isAccepted()
                .expectBody().jsonPath("$.urls[0]").isEqualTo("http://hook.publish.localhost/hooked");

        hook(service, now, WarmWebhookSignature.sign("not-the-secret", now, body), body).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String old = String.valueOf(Instant.now().minusSeconds(600).getEpochSecond());
        hook(service, old, WarmWebhookSignature.sign(secret, old, body), body).expectStatus().isUnauthorized();
        hook(service, now, null, body).expectStatus().isUnauthorized();
        String other = createService(token, "other.hook.publish.localhost", 8081);
        hook(other, now, WarmWebhookSignature.sign(secret, now, body), body).expectStatus().isUnauthorized();

        byte[] bad = "{\"urls\":[\"http://hook.publish.localhost/x\"],\"surprise\":1}".getBytes(StandardCharsets.UTF_8);
        hook(service, now, WarmWebhookSignature.sign(secret, now, bad), bad).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'body')]").exists();
    }

    private WebTestClient.ResponseSpec hook(String service, String timestamp, String signature, byte[] body) {
        return web.post().uri("/v1/hooks/services/" + service + "/content-published").headers(h -> {
                    h.set("X-CDN-Timestamp", timestamp);
                    if (signature != null) {
                        h.set("X-CDN-Signature", signature);
                    }
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
