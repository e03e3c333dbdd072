package dev.cdn.api.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.EdgeEvent;
import dev.cdn.config.PurgeCommand;
import dev.cdn.config.PurgeKind;
import dev.cdn.config.WarmCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When an edge's stream may send each event: after the shields applied it, or after waiting at most so long. */
class ShieldLeadTest {

    private final AtomicLong watermark = new AtomicLong(10);
    private final AtomicLong nanos = new AtomicLong();
    private final ShieldLead lead = new ShieldLead(watermark::get, Duration.ofSeconds(2), nanos::get);

    private static EncodedEvent purge(long seq) {
        return EncodedEvent.of(EdgeEvent.purge(seq, new PurgeCommand("p" + seq, "svc", PurgeKind.ALL, List.of(), false)));
    }

    private static EncodedEvent warm(long seq) {
        return EncodedEvent.of(EdgeEvent.warm(seq, new WarmCommand("w" + seq, "svc", "edge", List.of("http://a.localhost/"), 1)));
    }

    @Test
    void eventsTheShieldsApplied_passAtOnce_andTheFirstOtherWaits() {
        assertThat(lead.passable(List.of(purge(9), purge(10), purge(11), purge(12)))).isEqualTo(2);
        watermark.set(11);
        assertThat(lead.passable(List.of(purge(11), purge(12)))).isEqualTo(1);
    }

    @Test
    void anEventThatWaitedTheLongest_goesWithEverythingBehindIt() {
        List<EncodedEvent> line = List.of(purge(11), purge(12));
        assertThat(lead.passable(line)).isZero();
        nanos.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(lead.passable(line)).isZero();
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(lead.passable(line)).isEqualTo(2);
        // The next event waits its own time again.
        assertThat(lead.passable(List.of(purge(13)))).isZero();
    }

    @Test
    void warmingOrders_neverWaitForShields() {
        assertThat(lead.passable(List.of(warm(11), warm(12), purge(13)))).isEqualTo(2);
    }

    @Test
    void withoutShieldsOrWithoutAWait_everythingPasses() {
        watermark.set(ShieldWatermark.NO_SHIELDS);
        assertThat(lead.passable(List.of(purge(50)))).isEqualTo(1);
        assertThat(ShieldLead.NONE.passable(List.of(purge(1), purge(2)))).isEqualTo(2);
    }
}
