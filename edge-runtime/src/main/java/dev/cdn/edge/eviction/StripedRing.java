package dev.cdn.edge.eviction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lossy, striped, multi-producer single-consumer buffer grown only on contention (Caffeine's {@code StripedBuffer}
 * over {@code BoundedBuffer} rings): it starts with one ring, and a producer whose claim loses a CAS race doubles the
 * number of rings, up to four per core (rounded up to a power of two), so a single reader pays for one ring and a
 * drain scans only the rings contention created. Each producer thread writes to the ring of its thread id, claiming a
 * slot with one CAS on that ring's tail; when the ring is full, or the CAS loses, the event is dropped. Policy
 * bookkeeping may lose events (a missed reorder or count barely moves the hit ratio), so a read never waits for a
 * lock. The one consumer drains under the cache's lock.
 *
 * @param <R> the ring type (references or longs)
 */
abstract class StripedRing<R extends StripedRing.Ring> {

    /**
     * Slots per ring (a power of two). Fewer slots mean more drains, each taking the cache's lock; with one ring per
     * contending thread a drain no longer scans idle stripes (docs/benchmarks.md, "L1 read path").
     */
    static final int CAPACITY = 64;
    /** Full offers left to another thread's drain before the offering thread drains itself: four rings' worth. */
    static final int TAKEOVER_OFFERS = 4 * CAPACITY;
    /** The most rings: four per core, as Caffeine bounds its striped buffers. */
    static final int MAX_RINGS = Math.max(1, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1);

    /** What an offer did. */
    enum Offer {
        ADDED,
        /** The ring is full: the caller should drain (when it can take the lock) or drop the event. */
        FULL,
        /** Another producer won the slot: the event is dropped, and the rings grow if they still can. */
        LOST
    }

    private volatile Ring[] rings;
    private final AtomicBoolean growing = new AtomicBoolean();
    private final int maxRings;

    StripedRing() {
        this(MAX_RINGS);
    }

    /** @param maxRings the bound on rings (a power of two) */
    StripedRing(int maxRings) {
        if (Integer.bitCount(maxRings) != 1) {
            throw new IllegalArgumentException("maxRings must be a power of two, was " + maxRings);
        }
        this.maxRings = maxRings;
        this.rings = new Ring[] {newRing()};
    }

    abstract R newRing();

    /** The ring of the calling thread: consecutive thread ids (event loops) land on distinct rings. */
    @SuppressWarnings({"unchecked", "deprecation"}) // Thread.threadId() is Java 19+; getId() is the same number
    final R ring() {
        Ring[] t = rings;
        return (R) t[(int) Thread.currentThread().getId() & (t.length - 1)];
    }

    /**
     * Notes that the calling thread's offer found its ring full and left it to another thread to drain; true once that
     * has happened {@link #TAKEOVER_OFFERS} times since the ring was last drained (the thread that drains has stopped).
     */
    final boolean stalled() {
        Ring r = ring();
        return ++r.fullOffers >= TAKEOVER_OFFERS;
    }

    /** Rings in use now (1 until producers contend). */
    final int ringCount() {
        return rings.length;
    }

    /** The outcome of a claim; a lost race grows the rings so that the racing threads part ways. */
    final Offer outcome(int claimed) {
        if (claimed >= 0) {
            return Offer.ADDED;
        }
        if (claimed == Ring.LOST) {
            grow();
            return Offer.LOST;
        }
        return Offer.FULL;
    }

    private void grow() {
        Ring[] t = rings;
        if (t.length >= maxRings || !growing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (t == rings) {
                Ring[] grown = Arrays.copyOf(t, t.length * 2);
                for (int i = t.length; i < grown.length; i++) {
                    grown[i] = newRing();
                }
                rings = grown; // rings are never dropped, so nothing a producer wrote is lost to the consumer
            }
        } finally {
            growing.set(false);
        }
    }

    /** Takes every published event of every ring, in order per ring (consumer only, under the cache's lock). */
    final void drain() {
        for (Ring r : rings) {
            r.drain();
        }
    }

    /** Head and tail of one ring, each on a cache line of its own (the padding classes below). */
    abstract static class Ring extends RingHead {

        static final int FULL = -1;
        static final int LOST = -2;
        private static final VarHandle TAIL;
        private static final VarHandle HEAD;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                TAIL = lookup.findVarHandle(RingTail.class, "tail", long.class);
                HEAD = lookup.findVarHandle(RingHead.class, "head", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Claims a slot: its index, or {@link #FULL} or {@link #LOST}. */
        final int claim() {
            long t = (long) TAIL.getVolatile(this);
            long h = (long) HEAD.getAcquire(this);
            if (t - h >= CAPACITY) {
                return FULL;
            }
            if (!TAIL.compareAndSet(this, t, t + 1)) {
                return LOST;
            }
            return (int) (t & (CAPACITY - 1));
        }

        /** Takes every published event, in order (consumer only). */
        final void drain() {
            long h = head;
            long t = (long) TAIL.getAcquire(this);
            if (h == t) {
                return;
            }
            for (; h < t; h++) {
                if (!take((int) (h & (CAPACITY - 1)))) {
                    break; // claimed but not yet written: the next drain takes it
                }
            }
            HEAD.setRelease(this, h);
            if (fullOffers != 0) {
                fullOffers = 0;
            }
        }

        /** Hands the event in a slot to the consumer and empties the slot; false when nothing is written there yet. */
        abstract boolean take(int index);
    }

    /** Padding that keeps a ring's tail off the cache line of whatever the JVM places before it. */
    abstract static class RingPadTail {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    /** The producers' counter, and their count of full offers since the last drain (see {@link #stalled}). */
    abstract static class RingTail extends RingPadTail {
        volatile long tail;
        int fullOffers;
    }

    /** Padding between the producers' and the consumer's counters (superclass fields are laid out first). */
    abstract static class RingPadHead extends RingTail {
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    /** The consumer's counter. */
    abstract static class RingHead extends RingPadHead {
        volatile long head;
        long p20, p21, p22, p23, p24, p25, p26, p27;
    }
}
