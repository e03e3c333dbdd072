package dev.cdn.edge.eviction;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * A lossy striped ring of key hashes (the requests TinyLFU counts), drained by one consumer under the cache's lock;
 * the primitive twin of {@link ReadBuffer}, so counting a request allocates nothing.
 */
final class CountBuffer extends StripedRing {

    /** Marks an empty slot; a hash equal to it is counted as {@link #ZERO_STANDIN}. */
    private static final long EMPTY = 0;
    private static final long ZERO_STANDIN = 0x9e3779b97f4a7c15L;

    private final AtomicLongArray slots = new AtomicLongArray(slotCount(stripes));

    /** Adds a hash without waiting; FULL asks the caller to drain, LOST means it was dropped. */
    Offer offer(long hash) {
        int claimed = claim(stripe());
        if (claimed >= 0) {
            slots.lazySet(claimed, hash == EMPTY ? ZERO_STANDIN : hash);
        }
        return outcome(claimed);
    }

    private LongConsumer consumer;

    /** Hands every published hash to the consumer; the caller holds the cache's lock. */
    void drainTo(LongConsumer consumer) {
        this.consumer = consumer;
        drain();
    }

    @Override
    boolean take(int index) {
        long hash = slots.get(index);
        if (hash == EMPTY) {
            return false;
        }
        slots.lazySet(index, EMPTY);
        consumer.accept(hash);
        return true;
    }
}
