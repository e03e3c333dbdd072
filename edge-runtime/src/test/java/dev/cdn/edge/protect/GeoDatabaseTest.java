package dev.cdn.edge.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GeoDatabaseTest {

    static final GeoDatabase SAMPLE = load();

    static GeoDatabase load() {
        try {
            return GeoDatabase.load(Path.of("..", "ops", "geo-sample.csv"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "127.0.0.1, DE", "127.255.255.255, DE", "128.0.0.0, none", "192.0.2.0, US", "192.0.2.255, US",
            "192.0.3.0, none", "198.51.100.77, FR", "203.0.113.1, JP", "0.0.0.0, none", "255.255.255.255, none",
            "2001:db8::1, US", "2001:db8:7fff:ffff:ffff:ffff:ffff:ffff, US", "2001:db8:8000::, BR",
            "2001:db9::, none", "::1, DE", "::2, none", "ffff::, none"})
    void country_ofTheSampleTable(String address, String country) throws Exception {
        assertThat(SAMPLE.country(InetAddress.getByName(address))).isEqualTo(country);
    }

    @Test
    void lookup_isABinarySearch_overManyRanges() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 65_536; i++) {
            lines.add("10." + (i >> 8) + "." + (i & 255) + ".0/24," + (i % 2 == 0 ? "DE" : "FR"));
        }
        GeoDatabase big = GeoDatabase.parse(lines, "big");
        assertThat(big.size()).isEqualTo(65_536);
        assertThat(big.country(InetAddress.getByName("10.200.3.9"))).isEqualTo("FR");
        assertThat(big.country(InetAddress.getByName("10.200.4.9"))).isEqualTo("DE");
        assertThat(big.country(InetAddress.getByName("11.0.0.0"))).isNull();
    }

    @Test
    void badLines_areRefusedWithTheirLineNumber() {
        assertThatThrownBy(() -> GeoDatabase.parse(List.of("# ok", "10.0.0.0/8,DE", "10.1.0.0/16"), "geo.csv"))
                .hasMessageContaining("geo.csv line 3");
        assertThatThrownBy(() -> GeoDatabase.parse(List.of("10.0.0.0/8,Germany"), "geo.csv"))
                .hasMessageContaining("line 1").hasMessageContaining("ISO 3166-1");
        assertThatThrownBy(() -> GeoDatabase.parse(List.of("10.0.0.1/8,DE"), "geo.csv"))
                .hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> GeoDatabase.parse(List.of("10.0.0.0/8,DE", "10.1.0.0/16,FR"), "geo.csv"))
                .hasMessageContaining("overlap");
    }

    @Test
    void badTable_stopsTheNodeAtStart_namingTheLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path config = dir.resolve("edge.json");
        java.nio.file.Files.writeString(config, "{\"services\":[]}");
        Path bad = dir.resolve("geo.csv");
        java.nio.file.Files.writeString(bad, "10.0.0.0/8,DE\nnot a line\n");
        assertThatThrownBy(() -> dev.cdn.edge.EdgeNode.start(dev.cdn.edge.settings.EdgeSettings.builder().nodeId("edge-1")
                .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).adminToken("t").configFile(config).geoFile(bad)
                .build()))
                .hasMessageContaining("cannot use geo file").hasMessageContaining("line 2");
    }
}
