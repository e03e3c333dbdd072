package dev.cdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The per-service shares of upstream connections, driven without sockets and with a virtual clock. */
class BulkheadsTest {

    static final Duration WAIT = Duration.ofSeconds(3);
    final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    final List<String> refusals = new ArrayList<>();

    Bulkheads bulkheads(int perAddress, int perService, int perOrigin, int queue) {
        return new Bulkheads(new BulkheadSettings(perAddress, perService, perOrigin, queue),
                (service, reason) -> refusals.add(service + ":" + reason.token()), time);
    }

    /** One acquisition as it stands: granted (with its permit), refused, or still waiting. */
    static final class Ask {
        final AtomicReference<Bulkheads.Permit> permit = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        Disposable subscription;

        boolean granted() {
            return permit.get() != null;
        }

        void release() {
            permit.get().release();
        }
    }

    static Ask ask(Bulkheads b, String service, String address) {
        Ask a = new Ask();
        a.subscription = b.acquire(service, address, WAIT).subscribe(a.permit::set, a.error::set);
        return a;
    }

    @Test
    void acquire_grantsUpToTheServiceShare_thenQueues_thenRefusesBeyondTheLine() {
        Bulkheads b = bulkheads(100, 2, 2, 1);
        Ask first = ask(b, "slow", "http://o:80");
        Ask second = ask(b, "slow", "http://o:80");
        Ask waiting = ask(b, "slow", "http://o:80");
        Ask refused = ask(b, "slow", "http://o:80");
        assertThat(first.granted()).isTrue();
        assertThat(second.granted()).isTrue();
        assertThat(waiting.granted()).isFalse();
        assertThat(waiting.error.get()).isNull();
        assertThat(refused.error.get()).isInstanceOf(BulkheadFull.class);
        assertThat(refusals).containsExactly("slow:queue-full");
        first.release();
        assertThat(waiting.granted()).isTrue();
        assertThat(b.inFlight()).isEqualTo(2);
        assertThat(b.queued()).isZero();
    }

    @Test
    void oneServicesFullShare_neverDelaysAnotherServiceWithRoom() {
        Bulkheads b = bulkheads(100, 2, 2, 10);
        ask(b, "slow", "http://shield:80");
        ask(b, "slow", "http://shield:80");
        for (int i = 0; i < 10; i++) {
            ask(b, "slow", "http://shield:80");
        }
        assertThat(ask(b, "fast", "http://shield:80").granted()).isTrue();
    }

    @Test
    void aFreedConnection_goesToTheWaitingServicesInTurn() {
        // The address is full: both services wait for it, the slow one with five requests queued first.
        Bulkheads b = bulkheads(2, 2, 2, 10);
        Ask held1 = ask(b, "slow", "http://shield:80");
        Ask held2 = ask(b, "slow", "http://shield:80");
        List<Ask> slowLine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slowLine.add(ask(b, "slow", "http://shield:80"));
        }
        Ask fast = ask(b, "fast", "http://shield:80");
        held1.release();
        assertThat(slowLine.get(0).granted()).isTrue(); // the slow line had the first turn
        assertThat(fast.granted()).isFalse();
        held2.release();
        assertThat(fast.granted()).isTrue(); // one turn later, not after the slow line's five
        assertThat(slowLine.get(1).granted()).isFalse();
    }

    @Test
    void waitingPastTheBound_isRefusedAsQueueTimeout_andLeavesTheLine() {
        Bulkheads b = bulkheads(100, 1, 1, 5);
        Ask held = ask(b, "slow", "http://o:80");
        Ask waiting = ask(b, "slow", "http://o:80");
        time.advanceTimeBy(WAIT.minusMillis(1));
        assertThat(waiting.error.get()).isNull();
        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(waiting.error.get()).isInstanceOf(BulkheadFull.class);
        assertThat(((BulkheadFull) waiting.error.get()).reason()).isEqualTo(BulkheadRefusal.QUEUE_TIMEOUT);
        assertThat(refusals).containsExactly("slow:queue-timeout");
        assertThat(b.queued()).isZero();
        held.release();
        assertThat(b.inFlight()).isZero();
    }

    @Test
    void cancellingAWaiter_givesItsPlaceBack_andAPermitReleasedTwiceCountsOnce() {
        Bulkheads b = bulkheads(100, 1, 1, 1);
        Ask held = ask(b, "s", "http://o:80");
        Ask waiting = ask(b, "s", "http://o:80");
        waiting.subscription.dispose();
        assertThat(b.queued()).isZero();
        Ask next = ask(b, "s", "http://o:80"); // the place in the line is free again
        assertThat(next.error.get()).isNull();
        held.release();
        held.release();
        assertThat(next.granted()).isTrue();
        assertThat(b.inFlight()).isEqualTo(1);
        next.release();
        assertThat(b.inFlight()).isZero();
    }

    @Test
    void theOriginShare_boundsOneOriginOfAService_whileItsOtherOriginsHaveRoom() {
        Bulkheads b = bulkheads(100, 4, 1, 0);
        assertThat(ask(b, "s", "http://a:80").granted()).isTrue();
        assertThat(ask(b, "s", "http://a:80").error.get()).isInstanceOf(BulkheadFull.class);
        assertThat(ask(b, "s", "http://b:80").granted()).isTrue();
    }

    @Test
    void settings_checkEachBoundWithAPreciseMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BulkheadSettings(0, 1, 1, 1))
                .hasMessage("upstream perAddress must be between 1 and 100000, got 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BulkheadSettings(1, 1, 1, -1))
                .hasMessage("upstream queuePerService must be between 0 and 100000, got -1");
        assertThat(BulkheadSettings.DEFAULTS).isEqualTo(new BulkheadSettings(1000, 250, 250, 250));
    }
}
