package dev.cdn.geodns.choice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.geodns.pop.Pop;
import dev.cdn.geodns.pop.PopFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edges' live load replaces the PoP file's figure in the ranking. */
class LiveLoadChoiceTest {

    static final List<Pop> POPS = PopFile.parse("""
            near  50.11 8.68  192.0.2.1 load=0.1
            close 50.55 9.20  192.0.2.2 load=0.95
            """, "test");

    private final Chooser chooser = new Chooser(new ChoiceSettings(0, 30, 2));

    private String chosen(Map<String, Double> live) {
        return chooser.choose(ChooserTest.FRANKFURT, POPS, Map.of(), live, true, () -> 0.5).chosen().orElseThrow()
                .pop().name();
    }

    @Test
    void liveLoad_replacesTheFilesFigure_andALoadedPopLosesItsClients() {
        assertThat(chosen(Map.of())).as("file figures: the near PoP").isEqualTo("near");
        assertThat(chosen(Map.of("near", 1.0, "close", 0.0))).as("near is full, close idle").isEqualTo("close");
        Candidate near = chooser.choose(ChooserTest.FRANKFURT, POPS, Map.of(), Map.of("near", 1.0), true, () -> 0.5)
                .candidates().stream().filter(c -> c.pop().name().equals("near")).findFirst().orElseThrow();
        assertThat(near.pop().load()).isEqualTo(1.0);
        assertThat(near.loadPenaltyMs()).isEqualTo(60.0, org.assertj.core.api.Assertions.within(0.001));
    }

    @Test
    void liveLoad_ofAnotherPop_leavesTheFileFigureOfThisOne() {
        // close keeps its file figure (0.95, +50 ms) when only near reports.
        assertThat(chosen(Map.of("near", 0.7))).isEqualTo("near");
    }
}
