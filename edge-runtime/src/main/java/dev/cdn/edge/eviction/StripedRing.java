package dev.cdn.edge.eviction;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bookkeeping of a lossy, striped, multi-producer single-consumer ring (Caffeine's {@code StripedBuffer} and
 * {@code BoundedBuffer}): each producer thread writes to the stripe of its thread id, claiming a slot with one CAS on
 * that stripe's counter; when the stripe is full, or the CAS loses a race, the event is dropped. Policy bookkeeping
 * may lose events (a missed reorder or count barely moves the hit ratio), so a read never waits for a lock. The one
 * consumer drains under the cache's lock. Subclasses hold the slots (references or longs).
 */
abstract class StripedRing {

    /**
     * Slots per stripe (a power of two). A drain scans every stripe, so fewer, larger drains cost less per event: with
     * Caffeine's 16 the drain took 125 of 560 profile samples of a single-threaded read (docs/benchmarks.md).
     */
    static final int CAPACITY = 64;
    /** Longs between two stripes' counters, so that two producers never write the same cache line. */
    private static final int PAD = 16;

    /** What an offer did. */
    enum Offer {
        ADDED,
        /** The stripe is full: the caller should drain (when it can take the lock) or drop the event. */
        FULL,
        /** Another producer won the slot: the event is dropped. */
        LOST
    }

    final int stripes;
    private final int mask;
    /** Per stripe: the write counter at {@code s * PAD}, the read counter at {@code s * PAD + PAD / 2}. */
    private final AtomicLongArray counters;

    StripedRing() {
        int wanted = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
        this.stripes = Integer.highestOneBit(wanted - 1) << 1;
        this.mask = stripes - 1;
        this.counters = new AtomicLongArray(stripes * PAD);
    }

    /** The stripe of the calling thread: consecutive thread ids (event loops) land on distinct stripes. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
    final int stripe() {
        return (int) Thread.currentThread().getId() & mask;
    }

    static final int FULL = -1;
    static final int LOST = -2;

    /** Claims a slot of a stripe: the slot index, or {@link #FULL} or {@link #LOST}. */
    final int claim(int stripe) {
        long tail = counters.get(stripe * PAD);
        long head = counters.get(stripe * PAD + PAD / 2);
        if (tail - head >= CAPACITY) {
            return FULL;
        }
        if (!counters.compareAndSet(stripe * PAD, tail, tail + 1)) {
            return LOST;
        }
        return slot(stripe, tail);
    }

    static Offer outcome(int claimed) {
        return claimed >= 0 ? Offer.ADDED : claimed == FULL ? Offer.FULL : Offer.LOST;
    }

    /** The slot index of a counter value in a stripe; stripes are {@code 2 * CAPACITY} apart (cache-line padding). */
    static int slot(int stripe, long counter) {
        return stripe * 2 * CAPACITY + (int) (counter & (CAPACITY - 1));
    }

    static int slotCount(int stripes) {
        return stripes * 2 * CAPACITY;
    }

    /** Takes every published event of every stripe, in order per stripe (consumer only, under the cache's lock). */
    final void drain() {
        for (int s = 0; s < stripes; s++) {
            long head = counters.get(s * PAD + PAD / 2);
            long tail = counters.get(s * PAD);
            for (; head < tail; head++) {
                if (!take(slot(s, head))) {
                    break; // claimed but not yet written: the next drain takes it
                }
            }
            counters.lazySet(s * PAD + PAD / 2, head);
        }
    }

    /** Hands the event in a slot to the consumer and empties the slot; false when nothing is written there yet. */
    abstract boolean take(int index);
}
