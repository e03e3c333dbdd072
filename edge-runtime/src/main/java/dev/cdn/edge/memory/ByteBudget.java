package dev.cdn.edge.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on the bytes of bodies some part of the node holds on the heap at once: every holder reserves before it
 * holds and releases when it lets go. A reservation that does not fit is refused and counted, never queued, so the
 * heap stays bounded whatever the rate of arrivals; the caller decides what a refusal means (a fill streams through
 * unbuffered, a disk write leaves the object in RAM only). Lock-free: safe on an event loop.
 */
public final class ByteBudget {

    private final long maxBytes;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public ByteBudget(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("byte budget must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} from the budget, or refuses (and counts the refusal) when they do not fit. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > maxBytes) {
                refused.incrementAndGet();
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                peak.accumulateAndGet(now + bytes, Math::max);
                return true;
            }
        }
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes held now. */
    public long heldBytes() {
        return held.get();
    }

    /** The most bytes held at once since the budget was made (never above {@link #maxBytes()}). */
    public long peakBytes() {
        return peak.get();
    }

    /** Reservations refused because their bytes did not fit. */
    public long refusals() {
        return refused.get();
    }

    public long maxBytes() {
        return maxBytes;
    }
}
