package dev.cdn.edge.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StripedRingTest {

    /** Offers an event, draining (under a lock, as the cache does) and offering again when its ring is full. */
    private static void offerAndDrain(ReadBuffer<Integer> buffer, Object lock, int value) {
        if (buffer.offer(value) == StripedRing.Offer.FULL) {
            synchronized (lock) {
                buffer.drain();
            }
            buffer.offer(value);
        }
    }

    @Test
    void offers_fromOneThread_useOneRing_soADrainScansOne() {
        List<Integer> seen = new ArrayList<>();
        ReadBuffer<Integer> buffer = new ReadBuffer<>(seen::add);
        Object lock = new Object();
        for (int i = 0; i < 100_000; i++) {
            offerAndDrain(buffer, lock, i);
        }
        synchronized (lock) {
            buffer.drain();
        }
        assertThat(buffer.ringCount()).isEqualTo(1);
        assertThat(seen).hasSize(100_000); // one producer never loses a race: nothing dropped, in order
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void rings_grow_whenProducersContend_andStopAtTheBound() throws Exception {
        List<Integer> seen = new ArrayList<>();
        ReadBuffer<Integer> buffer = new ReadBuffer<>(seen::add, 4);
        Object lock = new Object();
        AtomicBoolean grown = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread p = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!grown.get() && System.nanoTime() < deadline) {
                    offerAndDrain(buffer, lock, 1);
                    if (buffer.ringCount() == 4) {
                        grown.set(true);
                    }
                }
            });
            producers.add(p);
            p.start();
        }
        start.countDown();
        for (Thread p : producers) {
            p.join();
        }
        assertThat(buffer.ringCount()).isEqualTo(4);
        synchronized (lock) {
            buffer.drain();
        }
        assertThat(buffer.ringCount()).isEqualTo(4);
    }

    @Test
    void drain_takesEveryEventOfEveryRing() throws Exception {
        List<Integer> seen = new ArrayList<>();
        ReadBuffer<Integer> buffer = new ReadBuffer<>(seen::add, 8);
        Object lock = new Object();
        Thread[] producers = new Thread[8];
        for (int t = 0; t < producers.length; t++) {
            producers[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    offerAndDrain(buffer, lock, 1);
                }
            });
            producers[t].start();
        }
        for (Thread p : producers) {
            p.join();
        }
        synchronized (lock) {
            buffer.drain();
            int drained = seen.size();
            buffer.drain();
            assertThat(seen).hasSize(drained); // nothing left behind in any ring
        }
        assertThat(seen).isNotEmpty().containsOnly(1);
    }
}
