package dev.cdn.api.alert;

import java.time.Duration;

/**
 * When a failed notification is tried again: exponential back-off (base, 2 x base, 4 x base, ...) capped at
 * {@link #MAX_DELAY}, for at most {@link #MAX_ATTEMPTS} attempts in all; then it is given up and marked failed.
 */
final class Backoff {

    static final int MAX_ATTEMPTS = 6;
    static final Duration MAX_DELAY = Duration.ofMinutes(10);

    private Backoff() {
    }

    /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
    static Duration after(int attempts, Duration base) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 20);
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    static boolean givesUp(int attempts) {
        return attempts >= MAX_ATTEMPTS;
    }
}
