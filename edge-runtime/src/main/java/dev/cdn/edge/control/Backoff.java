package dev.cdn.edge.control;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): the delay is
 * uniform in [0, min(max, base * 2^attempt)], so a fleet of edges reconnecting after a control-plane restart
 * spreads out instead of arriving in waves.
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration max, DoubleSupplier random) {
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The ceiling for an attempt (0-based) before jitter. */
    public long ceilingMillis(int attempt) {
        long ceiling = baseMillis << Math.min(attempt, 30);
        return Math.min(maxMillis, ceiling < 0 ? maxMillis : ceiling);
    }

    public Duration delay(int attempt) {
        return Duration.ofMillis((long) (random.getAsDouble() * ceilingMillis(attempt)));
    }
}
