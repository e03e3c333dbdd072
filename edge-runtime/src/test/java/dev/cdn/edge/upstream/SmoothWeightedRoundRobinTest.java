package dev.cdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.Origin;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    static Origin origin(String name, int weight) {
        return new Origin(name, "127.0.0.1", 80, false, null, weight, null, null, null, null);
    }

    static String picks(SmoothWeightedRoundRobin b, boolean[] eligible, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int p = b.next(eligible);
            out.append(p < 0 ? "-" : b.members().get(p).name());
        }
        return out.toString();
    }

    @Test
    void next_interleavesByWeight_likeNginx() {
        SmoothWeightedRoundRobin b = new SmoothWeightedRoundRobin(List.of(origin("a", 5), origin("b", 1), origin("c", 1)));
        assertThat(picks(b, new boolean[] {true, true, true}, 14)).isEqualTo("aabacaa" + "aabacaa");
    }

    @Test
    void next_equalWeights_alternateInListOrder() {
        SmoothWeightedRoundRobin b = new SmoothWeightedRoundRobin(List.of(origin("a", 100), origin("b", 100)));
        assertThat(picks(b, new boolean[] {true, true}, 6)).isEqualTo("ababab");
    }

    @Test
    void next_skipsIneligibleAndBackups() {
        SmoothWeightedRoundRobin b = new SmoothWeightedRoundRobin(
                List.of(origin("a", 100), origin("b", 300), origin("z", 0)));
        assertThat(picks(b, new boolean[] {false, true, true}, 3)).isEqualTo("bbb");
        assertThat(picks(b, new boolean[] {false, false, true}, 2)).isEqualTo("--");
    }

    @Test
    void next_sharesFollowWeights_overManyPicks() {
        SmoothWeightedRoundRobin b = new SmoothWeightedRoundRobin(List.of(origin("a", 1), origin("b", 3)));
        String seq = picks(b, new boolean[] {true, true}, 400);
        assertThat(seq.chars().filter(c -> c == 'a').count()).isEqualTo(100);
        // Smooth: never more than three b in a row for weights 1:3.
        assertThat(seq).doesNotContain("bbbb");
    }
}
