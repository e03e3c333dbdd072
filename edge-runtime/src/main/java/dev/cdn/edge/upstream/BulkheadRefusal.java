package dev.cdn.edge.upstream;

import java.util.Locale;

/** Why a request found no upstream connection in its service's share; the metric tag is {@link #token()}. */
public enum BulkheadRefusal {
    /** The service's share was in use and its waiting line was full: refused at once, never queued. */
    QUEUE_FULL,
    /** It waited in the service's line for the connect bound without a connection coming free. */
    QUEUE_TIMEOUT;

    public String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
