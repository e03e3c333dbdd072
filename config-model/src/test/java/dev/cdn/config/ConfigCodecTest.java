package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {

    private static ServiceConfig sample() {
        CacheRule images = new CacheRule("images", new RuleMatch("/img/", null, List.of("png"), List.of("GET")),
                600, 60, false, Map.of("404", 30), false, 30, 300, QueryMode.WHITELIST, List.of("w", "h"),
                List.of("Accept-Encoding"), List.of(), List.of(), List.of("images"), false, Admission.LRU, null);
        return new ServiceConfig("svc-1", "t-1", "shop", 3, List.of("shop.example.com", "*.cdn.example.com"),
                List.of(Origin.of("main", "origin.example.com", 443)), List.of(images), null);
    }

    @Test
    void roundTrip_preservesEveryField() {
        ServiceConfig original = sample();
        String json = ConfigCodec.write(original);
        ServiceConfig back = ConfigCodec.readServiceConfig(json.getBytes(StandardCharsets.UTF_8));
        assertThat(back).isEqualTo(original);
        assertThat(json).contains("\"queryMode\":\"whitelist\"").contains("\"admission\":\"lru\"");
    }

    @Test
    void readEdgeConfig_appliesDefaultsForOmittedFields() {
        String json = """
                {"services":[{"id":"a","name":"a","version":1,"domains":["a.test"],
                  "origins":[{"name":"o","host":"127.0.0.1","port":8080}]}]}
                """;
        EdgeConfig config = ConfigCodec.readEdgeConfig(json.getBytes(StandardCharsets.UTF_8));
        ServiceConfig s = config.services().get(0);
        assertThat(s.rules()).isEmpty();
        assertThat(s.settings().shieldEnabled()).isTrue();
        assertThat(s.origins().get(0).pool()).isEqualTo("default");
        assertThat(s.origins().get(0).connectTimeoutMs()).isEqualTo(5000);
    }

    @Test
    void readEdgeConfig_unknownField_isRejectedNamingIt() {
        String json = """
                {"services":[{"id":"a","name":"a","version":1,"domains":["a.test"],"orgins":[]}]}
                """;
        assertThatThrownBy(() -> ConfigCodec.readEdgeConfig(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("orgins");
    }

    @Test
    void readEdgeConfig_malformedJson_isRejected() {
        assertThatThrownBy(() -> ConfigCodec.readEdgeConfig("{\"services\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void readEdgeConfig_duplicateDomainAcrossServices_isRejected() {
        String json = """
                {"services":[
                 {"id":"a","version":1,"domains":["x.test"],"origins":[{"name":"o","host":"h.test","port":80}]},
                 {"id":"b","version":1,"domains":["X.test."],"origins":[{"name":"o","host":"h.test","port":80}]}]}
                """;
        assertThatThrownBy(() -> ConfigCodec.readEdgeConfig(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("services[1].domains[0]");
    }

    @Test
    void readEvent_parsesPurge() {
        EdgeEvent event = ConfigCodec.readEvent(ConfigCodec.write(
                EdgeEvent.purge(7, new PurgeCommand("p1", "svc-1", PurgeKind.URL, List.of("http://a.test/x"), false))));
        assertThat(event.seq()).isEqualTo(7);
        assertThat(event.type()).isEqualTo(EdgeEvent.Type.PURGE);
        assertThat(event.purge().values()).containsExactly("http://a.test/x");
    }
}
