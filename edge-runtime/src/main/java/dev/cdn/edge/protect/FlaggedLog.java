package dev.cdn.edge.protect;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs requests that log-only filters let through: at most one line a second per edge, with how many were not
 * logged since, so an attack on a service in log mode cannot flood the log (the counters count every one).
 */
public final class FlaggedLog {

    private static final Logger log = LoggerFactory.getLogger(FlaggedLog.class);

    private final Clock clock;
    private final AtomicLong nextMillis = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public FlaggedLog(Clock clock) {
        this.clock = clock;
    }

    public void flagged(String serviceId, Refusal flagged, String method, String target, String client) {
        long now = clock.millis();
        long next = nextMillis.get();
        if (now < next || !nextMillis.compareAndSet(next, now + 1000)) {
            suppressed.incrementAndGet();
            return;
        }
        log.info("log-only {} would refuse {} {} from {} for service {} ({} more not logged)", flagged.detail(),
                method, target.length() > 256 ? target.substring(0, 256) + "..." : target, client, serviceId,
                suppressed.getAndSet(0));
    }
}
