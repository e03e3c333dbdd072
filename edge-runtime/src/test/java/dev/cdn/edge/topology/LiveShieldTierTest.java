package dev.cdn.edge.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.topology.Topology;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.upstream.HealthSettings;
import dev.cdn.edge.upstream.ShieldTier;
import dev.cdn.edge.upstream.ShieldTopology;
import dev.cdn.edge.upstream.UpstreamTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shield tier a node runs: flags until a topology is pushed, then the pushed one, swapped whole. */
class LiveShieldTierTest {

    private final ShieldTier flags = new ShieldTier(ShieldTopology.parse("local=http://flag:1"), "local",
            HealthSettings.builder().build(), new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), (s, o) -> { });

    private static Topology pushed(long version) {
        return new Topology(version, List.of(
                new Topology.Region("eu", List.of(new Topology.Shield("shield-eu", "http://eu:1")), List.of("fra")),
                new Topology.Region("us", List.of(new Topology.Shield("shield-us", "https://us")), List.of())));
    }

    @Test
    void apply_swapsTheTier_andTakesTheRegionListingThisPop() {
        LiveShieldTier live = new LiveShieldTier(flags, "fra", "local");
        ShieldTier before = live.get();
        assertThat(live.source()).isEqualTo(TopologySource.FLAGS);
        assertThat(live.version()).isZero();

        live.apply(pushed(4), TopologySource.CONTROL_PLANE);

        assertThat(live.get()).isNotSameAs(before);
        assertThat(before.chain(null, "k", 1, 1)).extracting(UpstreamTarget::shieldName).containsExactly("flag:1");
        assertThat(live.get().ownRegion()).isEqualTo("eu");
        assertThat(live.get().chain(null, "k", 1, 1)).extracting(UpstreamTarget::shieldName)
                .containsExactly("shield-eu", "shield-us");
        assertThat(live.version()).isEqualTo(4);
        assertThat(live.view()).containsEntry("source", "control-plane").containsEntry("region", "eu");
    }

    @Test
    void apply_keepsTheFlagRegion_whenThePopIsListedNowhere() {
        LiveShieldTier live = new LiveShieldTier(flags, "nrt", "ap");
        live.apply(pushed(1), TopologySource.CONTROL_PLANE);
        assertThat(live.get().ownRegion()).isEqualTo("ap");
        // A region this node does not know has no shields: the chain starts with the other regions.
        assertThat(live.get().chain(null, "k", 1, 1)).hasSize(2);
    }

    @Test
    void stateFile_roundTripsTheTopology_andRefusesATornOne(@TempDir Path dir) throws Exception {
        TopologyStateFile file = new TopologyStateFile(dir);
        assertThat(file.load()).isEmpty();
        file.save(pushed(7));
        assertThat(file.load()).contains(pushed(7));
        Files.writeString(dir.resolve(TopologyStateFile.FILE), "{\"version\":7,\"regions\":[{\"name\":\"EU\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(file::load).isInstanceOf(RuntimeException.class);
    }
}
