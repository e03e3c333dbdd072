package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.FilterMode;
import dev.cdn.config.Protection;
import dev.cdn.config.RequestFilters;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.RawHttp;
import dev.cdn.edge.support.ScriptedOrigin;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request filters on real sockets: methods, target and body sizes, traversal in raw encoded forms (sent byte for
 * byte, as no HTTP client would) and injection signatures on chosen paths; in log-only mode the same requests
 * reach the origin, marked and counted.
 */
class RequestFilterWireTest {

    static final String HOST = "filtered.localhost";

    @TempDir
    Path dir;
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

    void start(FilterMode mode) throws Exception {
        RequestFilters filters = new RequestFilters(mode, 1024L, 200, List.of("GET", "HEAD", "POST"),
                List.of("/app/**"), true, true);
        ServiceConfig service = Configs.protect(Configs.service("filtered", 1, HOST, origin.port()),
                new Protection(null, null, null, filters));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0).adminToken("secret")
                .configFile(file).build());
    }

    String raw(String target) throws Exception {
        return RawHttp.exchange(edge.port(), "GET " + target + " HTTP/1.1\r\nHost: " + HOST
                + "\r\nConnection: close\r\n\r\n", 5000);
    }

    String post(String body) throws Exception {
        return RawHttp.exchange(edge.port(), "POST /app/x HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body, 5000);
    }

    static String detail(String rawResponse) {
        int at = rawResponse.indexOf("detail=");
        return at < 0 ? null : rawResponse.substring(at + 7, rawResponse.indexOf("\r\n", at));
    }

    @Test
    void blockMode_refusesEachFilterWithItsStatusAndReason() throws Exception {
        start(FilterMode.BLOCK);

        Http.Response put = Http.request(HttpMethod.PUT, edge.port(), HOST, "/app/x", null);
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("GET, HEAD, POST");
        assertThat(put.header("Cache-Status")).isEqualTo("edge-1; detail=request-filter.method-not-allowed");
        assertThat(RawHttp.status(post("x".repeat(1025)))).isEqualTo(413);
        assertThat(RawHttp.status(post("x".repeat(1024)))).isEqualTo(200);
        assertThat(RawHttp.status(RawHttp.exchange(edge.port(), "POST /app/x HTTP/1.1\r\nHost: " + HOST
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 5000)))
                .isEqualTo(411);
        assertThat(RawHttp.status(raw("/app/" + "a".repeat(200)))).isEqualTo(414);

        for (String target : List.of("/app/..%2f..%2fetc/passwd", "/app/%252e%252e%252fsecret", "/app/..%5cwin.ini",
                "/app/%c0%ae%c0%ae/x", "/app/dl?file=../../etc/passwd")) {
            String response = raw(target);
            assertThat(RawHttp.status(response)).as(target).isEqualTo(403);
            assertThat(detail(response)).as(target).isEqualTo("request-filter.path-traversal");
        }
        String sqli = raw("/app/search?q=1%20UNION%20SELECT%20password%20FROM%20users");
        assertThat(detail(sqli)).isEqualTo("request-filter.injection");
        assertThat(detail(raw("/app/search?q=%3Cscript%3Ealert(1)%3C/script%3E"))).isEqualTo("request-filter.injection");

        // The signatures apply to the chosen globs only; the method and size filters to every path.
        assertThat(RawHttp.status(raw("/static/search?q=1%20UNION%20SELECT%20x"))).isEqualTo(200);
        assertThat(RawHttp.status(raw("/app/search?q=union+station"))).isEqualTo(200);
        assertThat(origin.seen()).extracting(ScriptedOrigin.Seen::uri)
                .containsExactlyInAnyOrder("/app/x", "/static/search?q=1%20UNION%20SELECT%20x", "/app/search?q=union+station");

        String scrape = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        assertThat(scrape).contains("edge_protection_refused_total{protection=\"request-filter\","
                + "reason=\"path-traversal\",rule=\"-\",service=\"filtered\"} 5.0");
    }

    @Test
    void logOnlyMode_letsTheRequestThrough_marksItAndCountsIt() throws Exception {
        start(FilterMode.LOG);

        String response = raw("/app/dl?file=../../etc/passwd");
        assertThat(RawHttp.status(response)).isEqualTo(200);
        assertThat(response).contains("X-Edge-Protection: request-filter.path-traversal; mode=log");
        assertThat(Http.request(HttpMethod.PUT, edge.port(), HOST, "/app/x", null).header("X-Edge-Protection"))
                .isEqualTo("request-filter.method-not-allowed; mode=log");
        assertThat(origin.count()).isEqualTo(2);

        String scrape = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        assertThat(scrape).contains("edge_protection_flagged_total{protection=\"request-filter\","
                + "reason=\"path-traversal\",service=\"filtered\"} 1.0");
        assertThat(scrape).doesNotContain("edge_protection_refused_total{");
    }
}
