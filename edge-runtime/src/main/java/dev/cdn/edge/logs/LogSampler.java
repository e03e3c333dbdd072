package dev.cdn.edge.logs;

import java.util.function.DoubleSupplier;

/**
 * Decides whether one request becomes a log record, given its service's sample rate (the share of requests
 * logged, 0 to 1). Each request is drawn independently, so a sampled stream keeps the mix of the traffic.
 */
final class LogSampler {

    private final DoubleSupplier random;

    /** @param random uniform draws in [0, 1) (injected so tests can choose them) */
    LogSampler(DoubleSupplier random) {
        this.random = random;
    }

    boolean sampled(double rate) {
        if (rate >= 1) {
            return true;
        }
        return rate > 0 && random.getAsDouble() < rate;
    }
}
