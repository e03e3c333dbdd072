package dev.cdn.edge.coalesce;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of bodies being filled that the node holds at once, over every fill: each {@link FillStream} is bounded
 * by its service's object-size limit, but a flood of unique large objects (or readers too slow to let a finished
 * fill's buffer go) would hold their sum. A fill reserves its bytes before it buffers them (its Content-Length at
 * once, a chunked body chunk by chunk) and gives them back when it is done and its last reader has finished. A
 * reservation that does not fit is refused and counted, never queued: that response is streamed through to its own
 * client without being buffered or stored.
 */
public final class FillBudget {

    /** Default budget: 64 MiB. */
    public static final long DEFAULT_BYTES = 64L * 1024 * 1024;

    private final long maxBytes;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public FillBudget(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("fill budget must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Takes {@code bytes} from the budget, or refuses (and counts the refusal) when they do not fit. */
    boolean tryReserve(long bytes) {
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

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes held by fills now. */
    public long heldBytes() {
        return held.get();
    }

    /** The most bytes fills held at once since the node started (never above {@link #maxBytes()}). */
    public long peakBytes() {
        return peak.get();
    }

    /** Fills refused (not buffered, not stored) because their bytes did not fit. */
    public long refusals() {
        return refused.get();
    }

    public long maxBytes() {
        return maxBytes;
    }
}
