package dev.cdn.edge.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.memory.ByteBudget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;

/** How a fill's bytes are taken from the node's fill budget and given back. */
class FillBudgetTest {

    final ByteBudget budget = new ByteBudget(100);

    static ByteBuf bytes(int n) {
        return Unpooled.wrappedBuffer(new byte[n]);
    }

    FillStream open(long contentLength) {
        return FillStream.open(budget, 200, List.of(), contentLength, 1000);
    }

    /** A reader that subscribes and reads nothing, as a client that stopped reading. */
    static final class SilentReader extends BaseSubscriber<ByteBuf> {
        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            // requests nothing
        }
    }

    @Test
    void aKnownLength_isReservedWhole_beforeAnyByte_andRefusedWhenItDoesNotFit() {
        FillStream first = open(60);
        assertThat(first).isNotNull();
        assertThat(budget.heldBytes()).isEqualTo(60);
        assertThat(open(50)).isNull();
        assertThat(budget.refusals()).isEqualTo(1);
        assertThat(first.append(bytes(60))).isNull();
        first.complete();
        assertThat(budget.heldBytes()).isZero();
        assertThat(budget.peakBytes()).isEqualTo(60);
    }

    @Test
    void aChunkedBody_reservesChunkByChunk_andOverTheBudgetIsRefused_notTooLarge() {
        FillStream s = open(-1);
        assertThat(s.append(bytes(70))).isNull();
        assertThat(budget.heldBytes()).isEqualTo(70);
        FillStream.TooLarge refused = s.append(bytes(40));
        assertThat(refused).isInstanceOf(FillStream.OverBudget.class);
        assertThat(s.overBudget()).isTrue();
        s.fail(refused);
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    void aSlowReader_keepsItsFillsBytesCounted_untilItLeaves() {
        FillStream s = open(50);
        SilentReader reader = new SilentReader();
        s.body().subscribe(reader);
        s.append(bytes(50));
        s.complete();
        assertThat(budget.heldBytes()).as("the replayed body is still held for the reader").isEqualTo(50);
        reader.cancel();
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    void theObjectSizeLimit_isNoBudgetRefusal() {
        FillStream s = FillStream.open(budget, 200, List.of(), -1, 10);
        FillStream.TooLarge refused = s.append(bytes(20));
        assertThat(refused).isNotNull().isNotInstanceOf(FillStream.OverBudget.class);
        assertThat(s.overBudget()).isFalse();
        assertThat(budget.refusals()).isZero();
    }
}
