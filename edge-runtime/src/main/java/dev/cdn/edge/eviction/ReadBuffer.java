package dev.cdn.edge.eviction;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/** A lossy striped buffer of references (the nodes a read touched), drained by one consumer under the cache's lock. */
final class ReadBuffer<E> extends StripedRing<ReadBuffer.Refs<E>> {

    private final Consumer<E> consumer;

    /** @param consumer what a drain hands every event to (called under the cache's lock) */
    ReadBuffer(Consumer<E> consumer) {
        this(consumer, MAX_RINGS);
    }

    ReadBuffer(Consumer<E> consumer, int maxRings) {
        super(maxRings);
        this.consumer = consumer;
    }

    @Override
    Refs<E> newRing() {
        return new Refs<>(this);
    }

    /** Adds an event without waiting; FULL asks the caller to drain, LOST means it was dropped. */
    Offer offer(E e) {
        Refs<E> r = ring();
        int claimed = r.claim();
        if (claimed >= 0) {
            r.slots.lazySet(claimed, e);
        }
        return outcome(claimed);
    }

    /** One ring of references. */
    static final class Refs<E> extends StripedRing.Ring {
        private final AtomicReferenceArray<E> slots = new AtomicReferenceArray<>(CAPACITY);
        private final ReadBuffer<E> owner;

        Refs(ReadBuffer<E> owner) {
            this.owner = owner;
        }

        @Override
        boolean take(int index) {
            E e = slots.get(index);
            if (e == null) {
                return false;
            }
            slots.lazySet(index, null);
            owner.consumer.accept(e);
            return true;
        }
    }
}
