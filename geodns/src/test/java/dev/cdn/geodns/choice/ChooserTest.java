package dev.cdn.geodns.choice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cdn.geodns.location.Cidr;
import dev.cdn.geodns.location.Location;
import dev.cdn.geodns.location.LocationTable;
import dev.cdn.geodns.pop.Pop;
import dev.cdn.geodns.pop.PopFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChooserTest {

    static final Optional<LocationTable.Entry> FRANKFURT =
            Optional.of(new LocationTable.Entry(Cidr.parse("10.0.0.0/8"), new Location(50.11, 8.68, "DE")));

    // near: 0 km; close: ~60 km (0.6 ms); far: ~6,200 km (62 ms), beyond any window below.
    static final List<Pop> POPS = PopFile.parse("""
            near  50.11 8.68  192.0.2.1
            close 50.55 9.20  192.0.2.2
            far   40.71 -74.0 192.0.2.3
            """, "test");

    @Test
    void distance_isTheGreatCircle() {
        // Frankfurt - New York: about 6,200 km.
        assertThat(Distance.km(new Location(50.11, 8.68, ""), new Location(40.71, -74.0, ""))).isCloseTo(6_200, within(50.0));
        assertThat(Distance.km(new Location(0, 0, ""), new Location(0, 180, ""))).isCloseTo(20_015, within(5.0));
    }

    @Test
    void exploration_sendsItsShareToTheRunnerUpWithinTheWindow_andNeverToAFarPop() {
        Chooser chooser = new Chooser(new ChoiceSettings(0.1, 30, 2));
        Random random = new Random(42);
        Map<String, Integer> picks = new HashMap<>();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            Decision d = chooser.choose(FRANKFURT, POPS, Map.of(), true, random::nextDouble);
            picks.merge(d.chosen().orElseThrow().pop().name(), 1, Integer::sum);
        }

        assertThat(picks.get("close") / (double) n).isBetween(0.085, 0.115);
        assertThat(picks.get("near") / (double) n).isBetween(0.885, 0.915);
        assertThat(picks).doesNotContainKey("far");
    }

    @Test
    void exploration_isDeterministicUnderASeed() {
        Chooser chooser = new Chooser(ChoiceSettings.DEFAULTS);
        Random a = new Random(5);
        Random b = new Random(5);
        for (int i = 0; i < 200; i++) {
            assertThat(chooser.choose(FRANKFURT, POPS, Map.of(), true, a::nextDouble).chosen())
                    .isEqualTo(chooser.choose(FRANKFURT, POPS, Map.of(), true, b::nextDouble).chosen());
        }
    }

    @Test
    void unhealthyPop_isNeverChosen_whileAHealthyOneExists() {
        Chooser chooser = new Chooser(new ChoiceSettings(0.5, 10_000, 8));
        Random random = new Random(1);
        for (int i = 0; i < 1_000; i++) {
            Decision d = chooser.choose(FRANKFURT, POPS, Map.of("near", PopHealth.NO_CONNECTED_EDGE), true, random::nextDouble);
            assertThat(d.chosen().orElseThrow().pop().name()).isNotEqualTo("near");
        }
    }

    @Test
    void noHealthyPop_fallsBackToTheBestNotDrained_soTheNameDoesNotGoDark() {
        List<Pop> pops = PopFile.parse("""
                near  50.11 8.68  192.0.2.1 drained
                close 50.55 9.20  192.0.2.2
                """, "test");
        Decision d = new Chooser(ChoiceSettings.DEFAULTS).choose(FRANKFURT, pops, Map.of("close", PopHealth.NO_CONNECTED_EDGE),
                true, () -> 0.0);

        assertThat(d.pick()).isEqualTo(Pick.FALLBACK_UNHEALTHY);
        assertThat(d.chosen().orElseThrow().pop().name()).isEqualTo("close");
    }

    @Test
    void loadPastTheKnee_andLatency_addToTheCost() {
        List<Pop> pops = PopFile.parse("""
                busy 50.11 8.68 192.0.2.1 load=0.95 latency=2
                idle 50.11 8.68 192.0.2.2 load=0.10 latency=5
                """, "test");
        Decision d = new Chooser(new ChoiceSettings(0, 30, 2)).choose(FRANKFURT, pops, Map.of(), true, () -> 0.0);

        assertThat(d.candidates()).extracting(c -> c.pop().name()).containsExactly("idle", "busy");
        assertThat(d.candidates().get(1).costMs()).isCloseTo(2 + 50, within(0.001));
        assertThat(d.candidates().get(0).costMs()).isCloseTo(5, within(0.001));
    }

    @Test
    void aPopWithoutAnAddressOfTheFamily_isNoCandidate() {
        Decision d = new Chooser(ChoiceSettings.DEFAULTS).choose(FRANKFURT, POPS, Map.of(), false, () -> 0.0);

        assertThat(d.pick()).isEqualTo(Pick.NONE);
        assertThat(d.answer()).isEmpty();
    }
}
