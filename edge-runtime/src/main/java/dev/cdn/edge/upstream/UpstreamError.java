package dev.cdn.edge.upstream;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Maps an upstream failure to the status the client gets: no connection free in the service's share
 * ({@link BulkheadFull}) is 503, timeouts (connect, first byte, idle body, a stale-if-error deadline, a shield marked
 * down) are 504, everything else 502.
 */
public final class UpstreamError {

    private UpstreamError() {
    }

    public static int status(Throwable error) {
        if (BulkheadFull.in(error)) {
            return 503;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException || t instanceof ReadTimeoutException
                    || t instanceof TimeoutException) {
                return 504;
            }
        }
        return 502;
    }
}
