package dev.cdn.edge.control;

import dev.cdn.config.DiskUnverifiedPeriod;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The time a restarted node served its disk tier unverified, to be reported to the control plane once it has caught
 * up. The disk is unverified from the fail-static instant until the first heartbeat of the control plane (the disk
 * trust gate); a node that caught up before that instant never was, and reports nothing. There is one such span per
 * process: once caught up, the disk stays trusted for the life of the process.
 */
public final class DiskUnverifiedReport {

    /** Where the report stands. */
    enum State { PENDING, SENDING, SENT }

    private final Instant failStaticAt;
    private final Clock clock;
    private final LongSupplier hits;
    private final AtomicReference<State> state = new AtomicReference<>(State.PENDING);
    private volatile Instant caughtUpAt;

    /**
     * @param failStaticAt when the disk trust gate starts serving the disk unverified
     * @param hits         how many responses were served from the unverified disk so far
     */
    public DiskUnverifiedReport(Instant failStaticAt, Clock clock, LongSupplier hits) {
        this.failStaticAt = failStaticAt;
        this.clock = clock;
        this.hits = hits;
    }

    /**
     * Called once the node has caught up: the span to send now, if there is one and it is not sent or being sent.
     * The first call fixes the end of the span. The caller then says {@link #sent()} or {@link #failed()}.
     */
    Optional<DiskUnverifiedPeriod> due() {
        if (caughtUpAt == null) {
            caughtUpAt = clock.instant();
        }
        if (!caughtUpAt.isAfter(failStaticAt)) {
            state.set(State.SENT); // caught up in time: the disk was never served unverified
            return Optional.empty();
        }
        if (!state.compareAndSet(State.PENDING, State.SENDING)) {
            return Optional.empty();
        }
        return Optional.of(new DiskUnverifiedPeriod(failStaticAt, caughtUpAt, hits.getAsLong()));
    }

    /** The control plane stored the report. */
    void sent() {
        state.set(State.SENT);
    }

    /** The report did not get through: it is sent again the next time {@link #due()} is asked. */
    void failed() {
        state.compareAndSet(State.SENDING, State.PENDING);
    }

    State state() {
        return state.get();
    }
}
