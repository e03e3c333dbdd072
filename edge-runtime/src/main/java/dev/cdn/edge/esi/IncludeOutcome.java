package dev.cdn.edge.esi;

/** How one {@code esi:include} ended; the same value tags the include metric. */
public enum IncludeOutcome {
    /** The {@code src} fragment was included. */
    SRC,
    /** {@code src} failed and the {@code alt} fragment was included. */
    ALT,
    /** Both failed and {@code onerror="continue"} removed the element. */
    CONTINUED,
    /** Both failed: the enclosing try takes its except, or the page fails. */
    FAILED,
    /** A fetch took longer than the per-include timeout (the include then went on to alt or failed). */
    TIMED_OUT,
    /** The URL's host is neither one of the service's domains nor allowed: nothing was contacted. */
    HOST_REFUSED,
    /** The page already started as many includes as allowed. */
    OVER_CAP,
    /** The include would nest deeper than allowed (this also stops include loops). */
    TOO_DEEP
}
