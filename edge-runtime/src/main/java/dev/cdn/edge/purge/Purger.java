package dev.cdn.edge.purge;

import dev.cdn.config.PurgeCommand;

/** Applies purges to the local store; shared by the control channel and the admin endpoint. */
public interface Purger {

    /** Applies a purge; throws IllegalArgumentException when a value cannot be read (e.g. not an absolute URL). */
    PurgeResult purge(PurgeCommand command);
}
