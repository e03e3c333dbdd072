package dev.cdn.edge.store;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Says how far a restarted node fed by a control plane may trust its disk: {@link DiskTrust#WAITING} from the moment
 * the node is built (before any listener binds) until it has caught up with the event log, then
 * {@link DiskTrust#TRUSTED}; {@link DiskTrust#UNVERIFIED} while not caught up past the fail-static timeout. Reads no
 * I/O: it runs on the event loop for every request that misses RAM.
 */
public final class DiskTrustGate implements Supplier<DiskTrust> {

    /** For a node no control plane feeds: its purges come through its own admin API, so its disk is always current. */
    public static final Supplier<DiskTrust> ALWAYS = () -> DiskTrust.TRUSTED;

    private final BooleanSupplier caughtUp;
    private final Clock clock;
    private final long failStaticAtMillis;

    /** @param caughtUp true once the control plane said this node has replayed everything it missed */
    public DiskTrustGate(BooleanSupplier caughtUp, Clock clock, Duration failStaticAfter) {
        this.caughtUp = caughtUp;
        this.clock = clock;
        this.failStaticAtMillis = clock.millis() + failStaticAfter.toMillis();
    }

    /** When the disk is served unverified if the node has not caught up by then. */
    public java.time.Instant failStaticAt() {
        return java.time.Instant.ofEpochMilli(failStaticAtMillis);
    }

    @Override
    public DiskTrust get() {
        if (caughtUp.getAsBoolean()) {
            return DiskTrust.TRUSTED;
        }
        return clock.millis() >= failStaticAtMillis ? DiskTrust.UNVERIFIED : DiskTrust.WAITING;
    }
}
