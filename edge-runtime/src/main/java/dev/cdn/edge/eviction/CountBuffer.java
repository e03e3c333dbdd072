package dev.cdn.edge.eviction;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * A lossy striped buffer of key hashes (the requests TinyLFU counts), drained by one consumer under the cache's lock;
 * the primitive twin of {@link ReadBuffer}, so counting a request allocates nothing.
 */
final class CountBuffer extends StripedRing<CountBuffer.Hashes> {

    /** Marks an empty slot; a hash equal to it is counted as {@link #ZERO_STANDIN}. */
    private static final long EMPTY = 0;
    private static final long ZERO_STANDIN = 0x9e3779b97f4a7c15L;

    private final LongConsumer consumer;

    /** @param consumer what a drain hands every hash to (called under the cache's lock) */
    CountBuffer(LongConsumer consumer) {
        this(consumer, MAX_RINGS);
    }

    CountBuffer(LongConsumer consumer, int maxRings) {
        super(maxRings);
        this.consumer = consumer;
    }

    @Override
    Hashes newRing() {
        return new Hashes(this);
    }

    /** Adds a hash without waiting; FULL asks the caller to drain, LOST means it was dropped. */
    Offer offer(long hash) {
        Hashes r = ring();
        int claimed = r.claim();
        if (claimed >= 0) {
            r.slots.lazySet(claimed, hash == EMPTY ? ZERO_STANDIN : hash);
        }
        return outcome(claimed);
    }

    /** One ring of hashes. */
    static final class Hashes extends StripedRing.Ring {
        private final AtomicLongArray slots = new AtomicLongArray(CAPACITY);
        private final CountBuffer owner;

        Hashes(CountBuffer owner) {
            this.owner = owner;
        }

        @Override
        boolean take(int index) {
            long hash = slots.get(index);
            if (hash == EMPTY) {
                return false;
            }
            slots.lazySet(index, EMPTY);
            owner.consumer.accept(hash);
            return true;
        }
    }
}
