package dev.cdn.edge.debug;

import java.util.Locale;

/** What a request's {@link DebugToken#HEADER} field earned it; the metric tag of {@code edge_debug_requests_total}. */
public enum DebugOutcome {
    /** No debug token presented: an ordinary request, not counted. */
    NONE,
    /** The service's token: the response carries debug headers. */
    GRANTED,
    /** A token that is not the service's (or the service has none): an ordinary response. */
    REFUSED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
