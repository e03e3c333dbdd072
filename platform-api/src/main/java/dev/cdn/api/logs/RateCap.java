package dev.cdn.api.logs;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A stream's cap on records per second: a token bucket holding one second's worth, refilled continuously. A filter
 * that matches everything on a busy service is so bounded; what passes the cap is counted as {@code capped}.
 * Called under its stream's lock.
 */
final class RateCap {

    private final double perSecond;
    private final Ticker ticker;
    private double tokens;
    private long lastNanos;

    RateCap(int perSecond, Ticker ticker) {
        this.perSecond = perSecond;
        this.ticker = ticker;
        this.tokens = perSecond;
        this.lastNanos = ticker.read();
    }

    boolean tryTake() {
        long now = ticker.read();
        if (now > lastNanos) {
            tokens = Math.min(perSecond, tokens + (now - lastNanos) * perSecond / 1e9);
            lastNanos = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
