package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.QueryMode;
import dev.cdn.config.RuleMatch;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * ESI over real sockets: a shell and fragments of different TTLs, each cached and purged on its own, the failure
 * paths, the depth limit, and a fragment host outside the service that is never contacted.
 */
class EsiWireTest {

    static final String HOST = "shop.test";
    static final String HTML = "text/html; charset=utf-8";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;
    ServerSocketChannel outsider;
    final AtomicInteger priceVersion = new AtomicInteger(1);

    @BeforeEach
    void setUp() throws Exception {
        outsider = ServerSocketChannel.open();
        outsider.bind(new InetSocketAddress("127.0.0.1", 0));
        outsider.configureBlocking(false);
        int outsiderPort = ((InetSocketAddress) outsider.getLocalAddress()).getPort();
        origin = new ScriptedOrigin().script(seen -> switch (seen.uri()) {
            case "/page" -> Reply.ok("<html><esi:include src=\"/frag/price\"/>|<esi:include src=\"frag/nav\"/></html>",
                    "Content-Type", HTML, "Cache-Control", "max-age=300", "ETag", "\"shell\"");
            case "/frag/price" -> Reply.ok("price-" + priceVersion.get(), "Content-Type", HTML, "Cache-Control", "max-age=5");
            case "/frag/nav" -> Reply.ok("nav", "Content-Type", HTML, "Cache-Control", "max-age=3600");
            case "/frag/broken" -> Reply.of(500, "broken", "Content-Type", HTML);
            case "/frag/slow" -> Reply.ok("slow", "Content-Type", HTML).held(Mono.never());
            case "/failures" -> Reply.ok("<esi:include src=\"/frag/broken\" alt=\"/frag/nav\"/>"
                            + "|<esi:include src=\"/frag/broken\" onerror=\"continue\"/>"
                            + "|<esi:try><esi:attempt><esi:include src=\"/frag/broken\"/></esi:attempt>"
                            + "<esi:except>except</esi:except></esi:try>"
                            + "|<esi:include src=\"/frag/slow\" alt=\"/frag/nav\"/>",
                    "Content-Type", HTML);
            case "/fails" -> Reply.ok("a<esi:include src=\"/frag/broken\"/>b", "Content-Type", HTML);
            case "/loop" -> Reply.ok("L<esi:include src=\"/loop\" onerror=\"continue\"/>", "Content-Type", HTML);
            case "/outside" -> Reply.ok("<esi:include src=\"http://127.0.0.1:" + outsiderPort
                    + "/secret\" onerror=\"continue\"/>done", "Content-Type", HTML);
            case "/big" -> Reply.ok("<esi:include src=\"/frag/nav\"/>" + "x".repeat(5000), "Content-Type", HTML);
            case "/big-chunked" -> Reply.ok("<esi:include src=\"/frag/nav\"/>" + "y".repeat(5000), "Content-Type", HTML,
                    "Transfer-Encoding", "chunked");
            case "/private-page" -> Reply.ok("<esi:include src=\"/frag/price\"/>", "Content-Type", HTML,
                    "Cache-Control", "private, max-age=300");
            case "/sc-page" -> Reply.ok("<esi:include src=\"/frag/nav\"/>!", "Content-Type", HTML,
                    "Surrogate-Control", "content=\"ESI/1.0\", max-age=300", "Cache-Control", "max-age=60");
            case "/sc-none" -> Reply.ok("<esi:include src=\"/frag/nav\"/>!", "Content-Type", HTML,
                    "Surrogate-Control", "max-age=300");
            case "/image" -> Reply.ok("<esi:include src=\"/frag/nav\"/>", "Content-Type", "image/png");
            case "/creds" -> Reply.ok("<esi:include src=\"/private/who\"/>|<esi:include src=\"http://static.test/private/who\"/>",
                    "Content-Type", HTML);
            case "/private/who" -> Reply.ok(seen.headers().get("Host") + " cookie=" + seen.headers().get("Cookie")
                    + " auth=" + seen.headers().get("Authorization"), "Content-Type", HTML);
            case "/xff" -> Reply.ok("<esi:include src=\"/frag/who\"/>", "Content-Type", HTML);
            case "/frag/who" -> Reply.ok("xff=" + seen.headers().get("X-Forwarded-For"), "Content-Type", HTML,
                    "Cache-Control", "max-age=60");
            case "/secure" -> Reply.ok("<esi:include src=\"https://shop.test/frag/price\"/>", "Content-Type", HTML,
                    "Cache-Control", "max-age=300");
            case "/vars" -> Reply.ok("<esi:choose><esi:when test=\"$(HTTP_COOKIE{group})=='gold'\">"
                    + "<esi:vars>Hi $(HTTP_COOKIE{name})</esi:vars></esi:when><esi:otherwise>guest</esi:otherwise>"
                    + "</esi:choose>", "Content-Type", HTML);
            default -> Reply.of(404, "no", "Content-Type", HTML);
        });
        CacheRule esi = new CacheRule("esi", RuleMatch.ANY, null, null, false, null, false, null, null, QueryMode.ALL,
                null, List.of("Accept-Encoding"), null, null, null, true, null, null);
        // Passes forward the client's Cookie and Authorization unchanged, so they show what a fragment fetch carried.
        CacheRule pass = new CacheRule("pass", new RuleMatch("/private/", null, null, null), null, null, true, null,
                false, null, null, QueryMode.ALL, null, List.of("Accept-Encoding"), null, null, null, false, null, null);
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(
                Configs.service("shop", 1, HOST, origin.port(), pass, esi),
                Configs.service("static", 1, "static.test", origin.port(), pass)))));
        edge = EdgeNode.start(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("secret").configFile(file)
                .esiAllowedHosts("static.test")
                .esiLimits(new AssemblyLimits(3, 32, Duration.ofSeconds(1), 4096, Duration.ofSeconds(1))).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        edge.close();
        origin.close();
        outsider.close();
    }

    Http.Response get(String path, String... headers) {
        return Http.get(edge.port(), HOST, path, headers);
    }

    @Test
    void page_isAssembled_withTheSmallestTtl_andNoShellLengthOrEtag() {
        Http.Response page = get("/page");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<html>price-1|nav</html>");
        assertThat(page.header("Cache-Control")).isEqualTo("max-age=5");
        assertThat(page.header("ETag")).isNull();
        assertThat(page.header("Content-Length")).as("the shell's length is gone; the page is chunked").isNull();
        assertThat(origin.last().headers().get("Surrogate-Capability")).isNotNull();
        assertThat(origin.seen()).filteredOn(s -> s.uri().equals("/page")).singleElement()
                .satisfies(s -> assertThat(s.headers().get("Surrogate-Capability")).isEqualTo("edge-1=\"ESI/1.0\""));
    }

    @Test
    void head_getsTheHeadersOfTheAssembledPage() {
        Http.Response head = Http.request(HttpMethod.HEAD, edge.port(), HOST, "/page", null);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Cache-Control")).isEqualTo("max-age=5");
        assertThat(head.header("ETag")).isNull();
        assertThat(head.body()).isEmpty();
    }

    @Test
    void fragmentPurge_refreshesThePage_whileTheShellStaysAHit() {
        assertThat(get("/page").body()).isEqualTo("<html>price-1|nav</html>");
        priceVersion.set(2);
        assertThat(get("/page").body()).as("fragment still cached").isEqualTo("<html>price-1|nav</html>");

        Http.Response purged = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"shop\",\"kind\":\"url\",\"values\":[\"http://shop.test/frag/price\"]}",
                "Authorization", "Bearer secret", "Content-Type", "application/json");
        assertThat(purged.status()).as(purged.body()).isEqualTo(200);

        assertThat(get("/page").body()).isEqualTo("<html>price-2|nav</html>");
        assertThat(origin.count("/page")).as("the shell was fetched once, then hit").isEqualTo(1);
        assertThat(origin.count("/frag/nav")).isEqualTo(1);
        assertThat(origin.count("/frag/price")).isEqualTo(2);
    }

    @Test
    void failurePaths_altContinueTryExceptAndTimeout() {
        Http.Response page = get("/failures");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("nav||except|nav");
    }

    @Test
    void includeFailingOutsideAnyTry_failsThePageWith502() {
        assertThat(get("/fails").status()).isEqualTo(502);
    }

    @Test
    void selfInclude_stopsAtTheDepthLimit() {
        assertThat(get("/loop").body()).isEqualTo("LLLL");
    }

    @Test
    void fragmentHostOutsideTheService_isNeverContacted() throws Exception {
        Http.Response page = get("/outside");

        assertThat(page.body()).isEqualTo("done");
        assertThat(outsider.accept()).as("no connection reached the outside host").isNull();
    }

    @Test
    void pageLargerThanTheOutputLimit_isRelayedUnprocessed_notHeld() {
        Http.Response page = get("/big");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).startsWith("<esi:include").hasSize("<esi:include src=\"/frag/nav\"/>".length() + 5000);
        assertThat(page.header("Edge-ESI")).isEqualTo("unprocessed; detail=over-output-limit");
        assertThat(origin.count("/frag/nav")).isZero();
    }

    @Test
    void pageWithoutALength_overTheOutputLimit_isRelayedWholeAndMarked_notBroken() {
        String stored = "<esi:include src=\"/frag/nav\"/>" + "y".repeat(5000);

        Http.Response filled = get("/big-chunked");
        Http.Response hit = get("/big-chunked");

        assertThat(filled.status()).isEqualTo(200);
        assertThat(filled.body()).isEqualTo(stored);
        assertThat(filled.header("Edge-ESI")).isEqualTo("unprocessed; detail=over-output-limit");
        assertThat(hit.body()).isEqualTo(stored);
        assertThat(hit.header("Edge-ESI")).isEqualTo("unprocessed; detail=over-output-limit");
        assertThat(metric("edge_esi_unprocessed_total")).isEqualTo(2);
        assertThat(origin.count("/frag/nav")).isZero();
    }

    @Test
    void surrogateControlAskingForEsi_turnsItOnForThatResponse_andNeverReachesTheClient() {
        Http.Response filled = Http.get(edge.port(), "static.test", "/sc-page");
        Http.Response hit = Http.get(edge.port(), "static.test", "/sc-page");
        Http.Response notAsked = Http.get(edge.port(), "static.test", "/sc-none");

        assertThat(filled.body()).isEqualTo("nav!");
        assertThat(hit.body()).isEqualTo("nav!");
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(filled.header("Surrogate-Control")).isNull();
        assertThat(hit.header("Surrogate-Control")).isNull();
        assertThat(hit.header("Content-Length")).as("the stored page's length is gone").isNull();
        assertThat(notAsked.body()).as("no rule and no Surrogate-Control: as stored")
                .isEqualTo("<esi:include src=\"/frag/nav\"/>!");
        assertThat(notAsked.header("Surrogate-Control")).isNull();
        assertThat(origin.count("/sc-page")).isEqualTo(1);
    }

    @Test
    void bodyThatIsNotMarkup_isRelayedUnprocessed() {
        assertThat(get("/image").body()).isEqualTo("<esi:include src=\"/frag/nav\"/>");
    }

    @Test
    void variablesAndChoose_useTheClientsRequest() {
        assertThat(get("/vars", "Cookie", "group=gold; name=Ann").body()).isEqualTo("Hi Ann");
        assertThat(get("/vars").body()).isEqualTo("guest");
    }

    @Test
    void cookieAndAuthorization_goOnlyToFragmentsOfTheSameService() {
        Http.Response page = get("/creds", "Cookie", "session=s1", "Authorization", "Bearer t1");

        assertThat(page.body()).isEqualTo("shop.test cookie=session=s1 auth=Bearer t1"
                + "|static.test cookie=null auth=null");
    }

    /** A page asked for from 127.0.0.2, a client address apart from the node's own. */
    Http.Response getFromAnotherAddress(String path) {
        return HttpClient.create().bindAddress(() -> new InetSocketAddress("127.0.0.2", 0))
                .headers(h -> h.set("Host", HOST)).get().uri("http://127.0.0.1:" + edge.port() + path)
                .responseSingle((r, body) -> body.asString().map(b -> new Http.Response(r.status().code(),
                        r.responseHeaders(), b))).block(Duration.ofSeconds(10));
    }

    @Test
    void aPrivatePage_staysPrivate_whenAPartLowersItsBrowserTtl() {
        Http.Response page = get("/private-page");
        assertThat(page.body()).isEqualTo("price-1");
        assertThat(page.header("Cache-Control")).isEqualTo("private, max-age=5");
    }

    @Test
    void fragmentFill_namesTheClientInXForwardedFor_notTheNodeItself() {
        assertThat(getFromAnotherAddress("/xff").body()).isEqualTo("xff=127.0.0.2");
    }

    @Test
    void httpsFragment_isKeyedByItsHttpsUrl_apartFromTheHttpOne() {
        assertThat(get("/page").body()).as("stores http://shop.test/frag/price").isEqualTo("<html>price-1|nav</html>");
        priceVersion.set(2);

        assertThat(get("/secure").body()).as("https://shop.test/frag/price is another object").isEqualTo("price-2");
        assertThat(origin.seen()).filteredOn(s -> s.uri().equals("/frag/price")).last()
                .satisfies(s -> assertThat(s.headers().get("X-Forwarded-Proto")).isEqualTo("https"));
    }

    @Test
    void hitsOfAStoredPage_doNotParseItAgain() {
        // The page and both fragments (all under the ESI rule) are parsed at their fill and at their first hit.
        for (int i = 0; i < 3; i++) {
            get("/page");
        }
        double parsed = metric("edge_esi_parses_total");

        for (int i = 0; i < 5; i++) {
            assertThat(get("/page").body()).isEqualTo("<html>price-1|nav</html>");
        }

        assertThat(parsed).isPositive();
        assertThat(metric("edge_esi_parses_total")).isEqualTo(parsed);
    }

    double metric(String name) {
        String text = Http.get(edge.adminPort(), "admin", "/metrics", "Authorization", "Bearer secret").body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void forgedInternalMark_isIgnored() {
        Http.Response page = get("/page", InternalRequest.HEADER, "guess raw");

        assertThat(page.body()).isEqualTo("<html>price-1|nav</html>");
    }
}
