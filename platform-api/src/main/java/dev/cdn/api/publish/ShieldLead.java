package dev.cdn.api.publish;

import dev.cdn.config.EdgeEvent;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One edge stream's rule for sending an event: once every connected shield has applied it (the
 * {@link ShieldWatermark}), or once it has waited {@code maxWait} for them, so that a shield which stopped
 * acknowledging while still connected delays edges by at most that much instead of stopping them. Events are
 * sent in order: an event that waits holds back every later one.
 */
final class ShieldLead {

    /** For streams of shields (and of edges when the wait is off): every event goes at once. */
    static final ShieldLead NONE = new ShieldLead(() -> ShieldWatermark.NO_SHIELDS, Duration.ZERO, () -> 0L);

    private final LongSupplier watermark;
    private final long maxWaitNanos;
    private final LongSupplier nanoTime;
    /** The event at the head of the line that waits, and since when. */
    private long waitingFor = -1;
    private long waitingSince;

    ShieldLead(LongSupplier watermark, Duration maxWait, LongSupplier nanoTime) {
        this.watermark = watermark;
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * How many of these events, in sequence order, may be sent now: those every shield has applied; and once the
     * first that waits has waited {@code maxWait}, all of them (shields that fall that far behind no longer hold
     * the edges back; each later event waits for them again). Called by one stream at a time.
     */
    synchronized int passable(List<EncodedEvent> events) {
        if (maxWaitNanos <= 0) {
            return events.size();
        }
        long mark = watermark.getAsLong();
        for (int i = 0; i < events.size(); i++) {
            long seq = events.get(i).seq();
            if (seq <= mark || !waitsForShields(events.get(i).event().type())) {
                continue;
            }
            long now = nanoTime.getAsLong();
            if (waitingFor != seq) {
                waitingFor = seq;
                waitingSince = now;
            }
            if (now - waitingSince >= maxWaitNanos) {
                return events.size();
            }
            return i;
        }
        return events.size();
    }

    /**
     * Configs, removals and purges are what a shield must know before its edges do. A warming order is not: a
     * shield acknowledges one only once it has fetched every URL, or never when the order is for edges. Nor are
     * certificates and ACME answers: edges serve them to clients, and a shield acknowledges them only once fetched.
     */
    private static boolean waitsForShields(EdgeEvent.Type type) {
        return type == EdgeEvent.Type.CONFIG || type == EdgeEvent.Type.REMOVE || type == EdgeEvent.Type.PURGE;
    }
}
