package dev.cdn.edge.coalesce;

/** How a wait on another request's fill ended; every wait ends in one of these, none is unbounded. */
public enum FillOutcome {
    /** The writer is receiving a storable response: readers stream its body as it arrives. Not final. */
    STREAMING,
    /** The writer stored an object the reader may serve. */
    FILLED,
    /** The writer's response may not be shared (private, too large, ...): fetch on your own. */
    NOT_SHAREABLE,
    /** The writer's upstream request failed. */
    UPSTREAM_FAILED,
    /** The writer went away (client disconnect, error) before finishing. */
    WRITER_GONE,
    /** The lock timeout passed first: fetch on your own. */
    TIMED_OUT
}
