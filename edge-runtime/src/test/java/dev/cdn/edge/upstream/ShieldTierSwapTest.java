package dev.cdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.support.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ShieldTier#withTopology}: the tier of a pushed topology, built beside the one it replaces. */
class ShieldTierSwapTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final HealthSettings health = HealthSettings.builder().failuresToEject(1).ejectFor(Duration.ofSeconds(10)).build();

    @Test
    void withTopology_keepsTheHealthOfAShieldThatStays_andStartsNewOnesHealthy() {
        ShieldTier old = new ShieldTier(ShieldTopology.parse("eu=http://a:1,http://b:1"), "eu", health, clock,
                (s, o) -> { });
        UpstreamTarget home = old.chain(null, "key", 1000, 1000).get(0);
        home.shieldHealth().failed(new ConnectException("refused"));
        String down = home.shieldName();
        String up = down.equals("a:1") ? "b:1" : "a:1";

        ShieldTier next = old.withTopology(ShieldTopology.parse("eu=http://" + down + ",http://" + up
                + ",http://c:1;us=http://d:1"), "us");

        List<String> chain = next.chain("eu", "key", 1000, 1000).stream().map(UpstreamTarget::shieldName).toList();
        assertThat(chain).as("the shield marked down stays down in the new tier").doesNotContain(down)
                .contains(up, "c:1", "d:1");
        assertThat(next.ownRegion()).isEqualTo("us");
        // The old tier is untouched: requests planned on it finish on it.
        assertThat(old.topology().regions().keySet()).containsExactly("eu");
    }

    @Test
    void withTopology_startsAShieldWhoseUrlChanged_healthy() {
        ShieldTier old = new ShieldTier(ShieldTopology.parse("eu=http://a:1"), "eu", health, clock, (s, o) -> { });
        old.chain(null, "key", 1000, 1000).get(0).shieldHealth().failed(new ConnectException("refused"));
        assertThat(old.chain(null, "key", 1000, 1000)).isEmpty();
        ShieldTopology moved = new ShieldTopology(java.util.Map.of("eu", List.of(
                new ShieldTopology.Shield("a:1", "eu", java.net.URI.create("http://a2:1")))));
        assertThat(old.withTopology(moved, "eu").chain(null, "key", 1000, 1000)).hasSize(1);
    }
}
