package dev.cdn.config;

import java.time.Instant;

/**
 * A span of time during which a restarted node served objects from its disk tier without having caught up with the
 * control plane's event log (fail-static: a purge issued while it was down may not have reached it yet): from
 * {@code since}, when the fail-static timeout passed, to {@code until}, when it caught up, and how many responses
 * it served from disk meanwhile. A node reports it once, with its acks, as soon as it has caught up
 * (docs/control-channel.md, "Acknowledging").
 */
public record DiskUnverifiedPeriod(Instant since, Instant until, long hits) {
}
