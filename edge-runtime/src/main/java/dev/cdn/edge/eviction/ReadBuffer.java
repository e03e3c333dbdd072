package dev.cdn.edge.eviction;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/** A lossy striped ring of references (the nodes a read touched), drained by one consumer under the cache's lock. */
final class ReadBuffer<E> extends StripedRing {

    private final AtomicReferenceArray<E> slots = new AtomicReferenceArray<>(slotCount(stripes));

    /** Adds an event without waiting; FULL asks the caller to drain, LOST means it was dropped. */
    Offer offer(E e) {
        int claimed = claim(stripe());
        if (claimed >= 0) {
            slots.lazySet(claimed, e);
        }
        return outcome(claimed);
    }

    private Consumer<E> consumer;

    /** Hands every published event to the consumer; the caller holds the cache's lock. */
    void drainTo(Consumer<E> consumer) {
        this.consumer = consumer;
        drain();
    }

    @Override
    boolean take(int index) {
        E e = slots.get(index);
        if (e == null) {
            return false;
        }
        slots.lazySet(index, null);
        consumer.accept(e);
        return true;
    }
}
