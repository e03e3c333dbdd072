package dev.cdn.edge.upstream;

import java.util.concurrent.TimeoutException;

/**
 * The short first-byte deadline of a request that holds a stale copy it may serve on error passed. It answers the
 * client (with that copy) but says nothing about the upstream's health: a healthy, merely slow upstream misses it.
 */
public final class StaleDeadlineExceeded extends TimeoutException {

    public StaleDeadlineExceeded(Throwable cause) {
        super("no response headers within the stale-if-error deadline");
        initCause(cause);
    }
}
