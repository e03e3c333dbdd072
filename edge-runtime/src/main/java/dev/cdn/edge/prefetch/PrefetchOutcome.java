package dev.cdn.edge.prefetch;

import java.util.Locale;

/** What became of one predicted object; the same value tags {@code edge_prefetch_total}. */
public enum PrefetchOutcome {
    /** Fetched through the shield's own request path (stored if cacheable, a hit if it already was). */
    FETCHED,
    /** The fetch failed or answered an error status. */
    FAILED,
    /** The service's budget (prefetches or bytes per second) was spent. */
    NO_BUDGET,
    /** Already prefetched within the session window: not again. */
    RECENT,
    /** Too many prefetches in flight on this node. */
    BUSY;

    public String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
