package dev.cdn.edge.store;

/**
 * Whether the disk tier may answer a request. After a restart the disk may hold objects purged while the node was
 * down; the purges reach the node only when it replays the control plane's event log (docs/operations.md,
 * "Purges survive an edge restart").
 */
public enum DiskTrust {
    /** Caught up with the control plane (or no control plane feeds this node): disk hits are ordinary hits. */
    TRUSTED,
    /** Restarted and not caught up yet: the disk is not read and nothing is promoted from it; requests fill afresh. */
    WAITING,
    /**
     * The control plane stayed away past the fail-static timeout: fresh disk objects are served, marked
     * {@code detail=disk-unverified} and counted, and never promoted to RAM (where they would pass for verified hits).
     */
    UNVERIFIED
}
