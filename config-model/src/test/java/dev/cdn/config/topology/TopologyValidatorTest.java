package dev.cdn.config.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.InvalidConfigException;
import dev.cdn.config.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.assertj.core.api.Assertions;

class TopologyValidatorTest {

    private static Topology.Region region(String name, List<String> pops, Topology.Shield... shields) {
        return new Topology.Region(name, List.of(shields), pops);
    }

    private static Topology.Shield shield(String name, String url) {
        return new Topology.Shield(name, url);
    }

    private static List<String> fields(Topology t) {
        return TopologyValidator.validate(t).stream().map(Violation::field).toList();
    }

    @Test
    void validate_acceptsRegionsWithShieldsAndPops() {
        Topology t = new Topology(3, List.of(
                region("eu", List.of("fra", "lhr"), shield("eu-1", "http://10.0.1.10:8080"), shield("eu-2", "https://s.eu.localhost")),
                region("us", List.of(), shield("us-1", "http://[2001:db8::1]:8080"))));
        assertThat(TopologyValidator.validate(t)).isEmpty();
        assertThat(t.regionOf("lhr")).isEqualTo("eu");
        assertThat(t.regionOf("nrt")).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "EU, http://a.localhost, regions[0].name",
            "-eu, http://a.localhost, regions[0].name",
            "eu, ftp://a.localhost, regions[0].shields[0].url",
            "eu, http://, regions[0].shields[0].url",
            "eu, not a url, regions[0].shields[0].url",
            "eu, http://user@a.localhost, regions[0].shields[0].url",
    })
    void validate_namesTheField_ofABadRegionOrUrl(String name, String url, String field) {
        assertThat(fields(new Topology(1, List.of(region(name, List.of(), shield("s", url)))))).containsExactly(field);
    }

    @Test
    void validate_refusesDuplicates_ofRegionShieldUrlAndPop() {
        Topology t = new Topology(1, List.of(
                region("eu", List.of("fra"), shield("s1", "http://a.localhost"), shield("s1", "http://b.localhost")),
                region("eu", List.of("fra"), shield("s3", "http://a.localhost"))));
        assertThat(fields(t)).containsExactlyInAnyOrder("regions[0].shields[1].name", "regions[1].name",
                "regions[1].shields[0].url", "regions[1].pops[0]");
    }

    @Test
    void validate_refusesARegionWithoutShields() {
        assertThat(fields(new Topology(1, List.of(new Topology.Region("eu", List.of(), List.of())))))
                .containsExactly("regions[0].shields");
    }

    @Test
    void topologyEvent_roundTripsThroughTheCodec_andABadOneIsRefused() {
        Topology t = new Topology(2, List.of(region("eu", List.of("fra"), shield("eu-1", "http://a.localhost:8080"))));
        EdgeEvent read = ConfigCodec.readEvent(ConfigCodec.write(EdgeEvent.topology(9, t)));
        assertThat(read.type()).isEqualTo(EdgeEvent.Type.TOPOLOGY);
        assertThat(read.topology()).isEqualTo(t);
        String bad = ConfigCodec.write(EdgeEvent.topology(9, new Topology(2, List.of(region("EU", List.of(),
                shield("x", "http://a.localhost"))))));
        Assertions.assertThatThrownBy(() -> ConfigCodec.readEvent(bad)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("regions[0].name");
    }
}
