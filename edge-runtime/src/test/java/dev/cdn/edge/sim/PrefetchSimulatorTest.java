package dev.cdn.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.prefetch.PrefetchSettings;
import org.junit.jupiter.api.Test;

class PrefetchSimulatorTest {

    private static final SessionTrace.Shape SMALL = new SessionTrace.Shape(3_000, 3, 300, 40_000, 0.75, 5, 300, 7);

    @Test
    void prefetch_raisesTheShieldsHitRatio_andCostsExtraOriginFetches_withinItsBudget() {
        SessionTrace t = SessionTrace.generate(SMALL);
        long capacity = t.distinctBytes() / 20;
        PrefetchSimulator.Result without = PrefetchSimulator.replay(t, capacity, null, "none");
        PrefetchSimulator.Result with = PrefetchSimulator.replay(t, capacity, PrefetchSettings.budget(100, 10_000_000),
                "prefetch");
        assertThat(with.hitRatio()).isGreaterThan(without.hitRatio());
        assertThat(with.originFetches()).isGreaterThan(without.originFetches());
        assertThat(with.usefulPrefetches()).isPositive().isLessThanOrEqualTo(with.prefetches());

        double seconds = t.nanos()[t.nanos().length - 1] / 1e9;
        PrefetchSimulator.Result tight = PrefetchSimulator.replay(t, capacity, PrefetchSettings.budget(1, 1_000_000),
                "tight");
        assertThat(tight.prefetches()).as("one per second at most").isLessThanOrEqualTo((long) Math.ceil(seconds) + 1);
        assertThat(tight.refused()).isPositive();
    }
}
