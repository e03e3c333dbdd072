package dev.cdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.edge.support.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The shield chain as pure values: topology parsing, rendezvous spreading and stability, the failover order. */
class ShieldTierTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final HealthSettings health = HealthSettings.builder().failuresToEject(1).ejectFor(Duration.ofSeconds(10)).build();

    ShieldTier tier(String topology, String ownRegion) {
        return new ShieldTier(ShieldTopology.parse(topology), ownRegion, health, clock, (s, o) -> { });
    }

    static List<String> names(List<UpstreamTarget> chain) {
        return chain.stream().map(UpstreamTarget::shieldName).toList();
    }

    @Test
    void parse_readsRegionsInOrder_andNamesShieldsByAuthority() {
        ShieldTopology t = ShieldTopology.parse("eu=http://10.0.0.1:8080,https://s2.example; us=http://[::1]:81");
        assertThat(t.regions().keySet()).containsExactly("eu", "us");
        assertThat(t.all()).extracting(ShieldTopology.Shield::name)
                .containsExactly("10.0.0.1:8080", "s2.example:443", "[::1]:81");
    }

    @Test
    void parse_rejectsWhatIsNotATopology_namingTheProblem() {
        assertThatThrownBy(() -> ShieldTopology.parse("eu")).hasMessageContaining("is not region=url");
        assertThatThrownBy(() -> ShieldTopology.parse("EU=http://a")).hasMessageContaining("region 'EU'");
        assertThatThrownBy(() -> ShieldTopology.parse("eu=ftp://a")).hasMessageContaining("http or https URL");
        assertThatThrownBy(() -> ShieldTopology.parse("eu=")).hasMessageContaining("has no shields");
        assertThatThrownBy(() -> ShieldTopology.parse("eu=http://a;us=http://a"))
                .hasMessageContaining("listed twice");
    }

    @Test
    void chain_isHomeShieldThenRestOfRegionThenOtherRegions() {
        ShieldTier t = tier("eu=http://a:1,http://b:1,http://c:1;us=http://d:1,http://e:1", "eu");
        List<UpstreamTarget> chain = t.chain(null, "key-1", 1000, 1000);
        assertThat(chain).extracting(UpstreamTarget::step).containsExactly(RouteStep.PRIMARY, RouteStep.NEXT,
                RouteStep.NEXT, RouteStep.OTHER_REGION, RouteStep.OTHER_REGION);
        assertThat(names(chain.subList(0, 3))).containsExactlyInAnyOrder("a:1", "b:1", "c:1");
        assertThat(names(chain.subList(3, 5))).containsExactlyInAnyOrder("d:1", "e:1");
        // A service naming another region starts there.
        assertThat(names(t.chain("us", "key-1", 1000, 1000)).subList(0, 2)).containsExactlyInAnyOrder("d:1", "e:1");
    }

    @Test
    void sameKey_alwaysSameShield_andKeysSpreadOverAllShields() {
        ShieldTier t = tier("eu=http://a:1,http://b:1", "eu");
        Map<String, Integer> perShield = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String key = "demo\u0000http://demo.localhost/object-" + i;
            String home = t.chain(null, key, 1, 1).get(0).shieldName();
            assertThat(t.chain(null, key, 1, 1).get(0).shieldName()).isEqualTo(home);
            perShield.merge(home, 1, Integer::sum);
        }
        assertThat(perShield.keySet()).containsExactlyInAnyOrder("a:1", "b:1");
        assertThat(perShield.values()).allSatisfy(n -> assertThat(n).isBetween(400, 600));
    }

    @Test
    void shieldMarkedDown_movesOnlyItsOwnKeys_andComesBackAfterEjection() {
        ShieldTier t = tier("eu=http://a:1,http://b:1,http://c:1", "eu");
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            before.put("k" + i, t.chain(null, "k" + i, 1, 1).get(0).shieldName());
        }
        UpstreamTarget b = t.chain(null, keyHomedOn(before, "b:1"), 1, 1).get(0);
        b.shieldHealth().failed(new ConnectException("refused"));
        for (var e : before.entrySet()) {
            String now = t.chain(null, e.getKey(), 1, 1).get(0).shieldName();
            if (e.getValue().equals("b:1")) {
                assertThat(now).isNotEqualTo("b:1");
            } else {
                assertThat(now).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(t.chain(null, keyHomedOn(before, "b:1"), 1, 1).get(0).shieldName()).isEqualTo("b:1");
    }

    @Test
    void everyShieldDown_emptyChain() {
        ShieldTier t = tier("eu=http://a:1;us=http://b:1", "eu");
        for (UpstreamTarget s : t.chain(null, "k", 1, 1)) {
            s.shieldHealth().failed(new ConnectException("refused"));
        }
        assertThat(t.chain(null, "k", 1, 1)).isEmpty();
        assertThat(t.home(null, "k", 1, 1).shieldName()).isEqualTo("a:1");
    }

    static String keyHomedOn(Map<String, String> homes, String shield) {
        return homes.entrySet().stream().filter(e -> e.getValue().equals(shield)).findFirst().orElseThrow().getKey();
    }

    @Test
    void singleShieldFlag_isARegionOfItsOwn() {
        ShieldTopology t = ShieldTopology.single("local", URI.create("http://127.0.0.1:9"));
        assertThat(t.regions()).containsOnlyKeys("local");
    }
}
