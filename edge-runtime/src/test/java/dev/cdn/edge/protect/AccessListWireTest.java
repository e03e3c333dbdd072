package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.AccessLists;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.Protection;
import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Address and country lists on real sockets. The test client connects from 127.0.0.1, which the sample geo file
 * (ops/geo-sample.csv, given with --geo-file) places in DE; each service's lists decide about that client.
 */
class AccessListWireTest {

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

    ServiceConfig service(String name, AccessLists lists) {
        return Configs.protect(Configs.service(name, 1, name + ".localhost", origin.port()),
                new Protection(null, null, lists));
    }

    void start(boolean geo, ServiceConfig... services) throws Exception {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(services))));
        EdgeSettingsBuilder b = EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0).adminToken("secret").configFile(file);
        if (geo) {
            b.geoFile(Path.of("..", "ops", "geo-sample.csv"));
        }
        edge = EdgeNode.start(b.build());
    }

    Http.Response get(String service) {
        return Http.get(edge.port(), service + ".localhost", "/a");
    }

    static AccessLists addresses(List<String> allow, List<String> deny) {
        return new AccessLists(allow, deny, null, null);
    }

    static AccessLists countries(List<String> allow, List<String> deny) {
        return new AccessLists(null, null, allow, deny);
    }

    @Test
    void addressLists_denyWhatTheyHold_allowOnlyWhatTheyHold() throws Exception {
        start(false,
                service("deny-v4", addresses(null, List.of("10.0.0.0/8", "127.0.0.0/30"))),
                service("deny-other", addresses(null, List.of("127.0.0.2", "2001:db8::/32"))),
                service("allow-v4", addresses(List.of("127.0.0.1/32"), null)),
                service("allow-v6", addresses(List.of("::1/128", "2001:db8::/32"), null)));

        Http.Response denied = get("deny-v4");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("refused by address-list: denied\n");
        assertThat(denied.header("Cache-Status")).isEqualTo("edge-1; detail=address-list.denied");
        assertThat(get("deny-other").status()).isEqualTo(200);
        assertThat(get("allow-v4").status()).isEqualTo(200);
        assertThat(get("allow-v6").header("Cache-Status")).isEqualTo("edge-1; detail=address-list.not-allowed");
        assertThat(origin.count()).isEqualTo(2);
    }

    @Test
    void countryLists_useTheGeoFile() throws Exception {
        start(true,
                service("deny-de", countries(null, List.of("DE"))),
                service("deny-fr", countries(null, List.of("FR"))),
                service("allow-de", countries(List.of("DE", "AT"), null)),
                service("allow-us", countries(List.of("US"), null)));

        assertThat(get("deny-de").header("Cache-Status")).isEqualTo("edge-1; detail=country-list.denied");
        assertThat(get("deny-fr").status()).isEqualTo(200);
        assertThat(get("allow-de").status()).isEqualTo(200);
        assertThat(get("allow-us").header("Cache-Status")).isEqualTo("edge-1; detail=country-list.not-allowed");
    }

    @Test
    void countryAllowList_withoutAGeoFile_refusesTheUnknownCountry() throws Exception {
        start(false, service("allow-de", countries(List.of("DE"), null)), service("deny-de", countries(null, List.of("DE"))));

        assertThat(get("allow-de").header("Cache-Status")).isEqualTo("edge-1; detail=country-list.not-allowed");
        assertThat(get("deny-de").status()).isEqualTo(200);
    }
}
