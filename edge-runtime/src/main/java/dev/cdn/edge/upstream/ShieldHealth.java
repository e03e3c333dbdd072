package dev.cdn.edge.upstream;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shield's health as this edge sees it, from real traffic only (passive, after Envoy's consecutive gateway
 * failures): {@link HealthSettings#failuresToEject()} requests in a row that got no response at all (refused,
 * connect or first-byte timeout, connection lost) mark it down for {@link HealthSettings#ejectFor()}; then one
 * request tries it again, and one more failure marks it down again. Any response, whatever its status, proves the
 * shield answers: a 5xx from a shield is its origin's failure or its own considered answer, not a frozen process.
 * State changes are tiny critical sections without I/O, safe on an event loop; time comes from the injected clock.
 */
public final class ShieldHealth {

    private static final Logger log = LoggerFactory.getLogger(ShieldHealth.class);

    private final String name;
    private final HealthSettings settings;
    private final Clock clock;
    private final Recorder recorder;
    // Guarded by this.
    private int failures;
    private long downUntil;

    /** Where what happens to requests sent to a shield is counted ({@code edge_shield_requests_total}). */
    @FunctionalInterface
    public interface Recorder {
        void request(String shield, ShieldOutcome outcome);
    }

    public ShieldHealth(String name, HealthSettings settings, Clock clock, Recorder recorder) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        this.recorder = recorder;
    }

    /** The shield's name ({@code host:port}). */
    public String name() {
        return name;
    }

    /** Whether misses may go to the shield now. */
    public synchronized boolean usable() {
        return clock.millis() >= downUntil;
    }

    void responded(int status) {
        recorder.request(name, status >= 500 ? ShieldOutcome.ANSWERED_5XX : ShieldOutcome.ANSWERED);
        boolean wasFailing;
        synchronized (this) {
            wasFailing = failures > 0;
            failures = 0;
            downUntil = 0;
        }
        if (wasFailing) {
            log.info("shield {} answers again", name);
        }
    }

    void failed(Throwable error) {
        recorder.request(name, TlsFailure.in(error) ? ShieldOutcome.TLS : ShieldOutcome.NO_ANSWER);
        boolean markedDown = false;
        synchronized (this) {
            failures++;
            // Past the threshold (on probation after a previous ejection too) every failure marks it down again.
            if (failures >= settings.failuresToEject()) {
                downUntil = clock.millis() + settings.ejectFor().toMillis();
                markedDown = true;
            }
        }
        if (markedDown) {
            log.warn("shield {} marked down for {} after {} ({} failure(s) in a row)", name, settings.ejectFor(),
                    error.toString(),
                    failures);
        }
    }

    /** The failure of a miss that was not sent because the shield is down and the edge's policy says fail. */
    public static final class Down extends java.util.concurrent.TimeoutException {
        Down() {
            super("every shield is marked down by passive health");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // an expected outcome, raised per request: no stack to capture
        }
    }
}
