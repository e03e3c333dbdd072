package dev.cdn.edge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmTest {

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin();
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(
                Configs.service("demo", 1, "demo.localhost", origin.port()),
                Configs.service("other", 1, "other.localhost", origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).adminListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminToken("secret").configFile(file).build());
    }

    @AfterEach
    void tearDown() {
        edge.close();
        origin.close();
    }

    Http.Response warm(String body) {
        return Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/warm", body, "Authorization", "Bearer secret");
    }

    @Test
    void warm_fetchesEachUrlThroughTheRequestPath_andReportsItsOutcome() {
        Http.Response r = warm("{\"serviceId\":\"demo\",\"urls\":[\"http://demo.localhost/a\",\"http://demo.localhost/b?x=1\","
                + "\"http://other.localhost/c\"],\"ratePerSecond\":1000}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("{\"url\":\"http://demo.localhost/a\",\"status\":200,\"cache\":\"MISS\"}")
                .contains("{\"url\":\"http://demo.localhost/b?x=1\",\"status\":200,\"cache\":\"MISS\"}")
                .contains("{\"url\":\"http://other.localhost/c\",\"error\":\"host does not belong to service demo\"}");
        assertThat(Http.get(edge.port(), "demo.localhost", "/a").header("X-Cache")).isEqualTo("HIT");
        assertThat(Http.get(edge.port(), "demo.localhost", "/b?x=1").header("X-Cache")).isEqualTo("HIT");
        assertThat(origin.count("/a")).isEqualTo(1);
        assertThat(origin.count("/c")).isZero();
    }

    @Test
    void warm_rejectsBadRequests_namingTheField() {
        assertThat(warm("{\"serviceId\":\"nope\",\"urls\":[\"http://demo.localhost/a\"]}").body()).contains("\"field\":\"serviceId\"");
        assertThat(warm("{\"serviceId\":\"demo\",\"urls\":[]}").body()).contains("\"field\":\"urls\"");
        assertThat(warm("{\"serviceId\":\"demo\",\"urls\":[\"http://demo.localhost/a\"],\"ratePerSecond\":0}").body())
                .contains("\"field\":\"ratePerSecond\"");
        assertThat(Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/warm", "{}").status()).isEqualTo(401);
        assertThat(origin.count()).isZero();
    }
}
