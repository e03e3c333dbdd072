package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.CacheRule;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.EsiSettings;
import dev.cdn.config.QueryMode;
import dev.cdn.config.RuleMatch;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * A service's own ESI settings over real sockets: its include cap, fragment size, total time and its allow-list of
 * fragment hosts and paths, each applied to its pages and not to another service's.
 */
class EsiServiceSettingsWireTest {

    static final String HTML = "text/html; charset=utf-8";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin().script(seen -> switch (seen.uri()) {
            case "/two" -> Reply.ok("<esi:include src=\"/frag/a\"/>|<esi:include src=\"/frag/b\" onerror=\"continue\"/>",
                    "Content-Type", HTML);
            case "/big" -> Reply.ok("[<esi:include src=\"/frag/large\" onerror=\"continue\"/>]", "Content-Type", HTML);
            case "/slow" -> Reply.ok("[<esi:include src=\"/frag/never\" onerror=\"continue\"/>]", "Content-Type", HTML);
            case "/paths" -> Reply.ok("<esi:include src=\"/private/secret\" onerror=\"continue\"/>|"
                    + "<esi:include src=\"/frag/a\"/>", "Content-Type", HTML);
            case "/other" -> Reply.ok("<esi:include src=\"http://other.localhost/frag/b\" onerror=\"continue\"/>.",
                    "Content-Type", HTML);
            case "/frag/a" -> Reply.ok("A", "Content-Type", HTML);
            case "/frag/b" -> Reply.ok("B", "Content-Type", HTML);
            case "/frag/large" -> Reply.ok("L".repeat(100), "Content-Type", HTML);
            case "/frag/never" -> Reply.ok("never", "Content-Type", HTML).held(Mono.never());
            default -> Reply.of(404, "no", "Content-Type", HTML);
        });
        CacheRule esi = new CacheRule("esi", RuleMatch.ANY, null, null, false, null, false, null, null, QueryMode.ALL,
                null, List.of("Accept-Encoding"), null, null, null, true, null, null);
        EsiSettings tight = new EsiSettings(1, null, 50L, null, 300, List.of("other.localhost"), List.of("/frag/"));
        ServiceConfig limited = withEsi(Configs.service("limited", 1, "limited.localhost", origin.port(), esi), tight);
        Files.write(dir.resolve("edge.json"), ConfigCodec.writeBytes(new EdgeConfig(List.of(limited,
                Configs.service("open", 1, "open.localhost", origin.port(), esi),
                Configs.service("other", 1, "other.localhost", origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().allowedPrivateOrigins("127.0.0.1").nodeId("edge-1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("secret")
                .configFile(dir.resolve("edge.json"))
                .esiLimits(new AssemblyLimits(3, 32, Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(5)))
                .build());
    }

    static ServiceConfig withEsi(ServiceConfig s, EsiSettings esi) {
        ServiceSettings t = s.settings();
        return new ServiceConfig(s.id(), s.tenantId(), s.name(), s.version(), s.domains(), s.origins(), s.rules(),
                new ServiceSettings(t.defaultTtlSeconds(), t.shieldEnabled(), t.languages(), t.maxObjectBytes(),
                        t.shieldRegion(), esi));
    }

    @AfterEach
    void tearDown() {
        edge.close();
        origin.close();
    }

    String get(String host, String path) {
        Http.Response r = Http.get(edge.port(), host, path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void includeCap_isTheServicesOwn() {
        assertThat(get("limited.localhost", "/two")).isEqualTo("A|");
        assertThat(get("open.localhost", "/two")).isEqualTo("A|B");
    }

    @Test
    void fragmentLargerThanTheServiceAllows_failsItsInclude() {
        assertThat(get("limited.localhost", "/big")).isEqualTo("[]");
        assertThat(get("open.localhost", "/big")).isEqualTo("[" + "L".repeat(100) + "]");
    }

    @Test
    void includesStillRunningAtTheServicesTotalTime_fail() {
        assertThat(get("limited.localhost", "/slow")).isEqualTo("[]");
    }

    @Test
    void fragmentPathOutsideTheServicesAllowList_isNeverFetched() {
        assertThat(get("limited.localhost", "/paths")).isEqualTo("|A");
        assertThat(origin.count("/private/secret")).isZero();
    }

    @Test
    void hostOnTheServicesAllowList_isIncluded_andOnlyForThatService() {
        assertThat(get("limited.localhost", "/other")).isEqualTo("B.");
        assertThat(get("open.localhost", "/other")).isEqualTo(".");
    }
}
