package dev.cdn.edge.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the disk writer may hold at once (queued and being written): every queued write keeps its body on the
 * heap, so a count of tasks bounds nothing when bodies are large. A write that does not fit is refused at admission
 * and counted, never queued: the object stays a RAM-only copy, and the heap stays bounded whatever the fill rate.
 */
final class WriteBudget {

    private final long maxBytes;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    WriteBudget(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("disk write budget must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} from the budget, or refuses (and counts) when they do not fit. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > maxBytes) {
                refused.incrementAndGet();
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long heldBytes() {
        return held.get();
    }

    long refusedWrites() {
        return refused.get();
    }

    long maxBytes() {
        return maxBytes;
    }
}
