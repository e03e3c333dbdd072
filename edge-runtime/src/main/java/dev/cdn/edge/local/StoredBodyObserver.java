package dev.cdn.edge.local;

import dev.cdn.edge.store.Body;

/**
 * A response that is told which stored body answers it, so that work derived from that body (an ESI page's parse)
 * can be kept with the stored object's identity instead of being redone on every hit.
 */
public interface StoredBodyObserver {

    /** The request is answered in full from {@code body}, a stored object's payload (immutable while stored). */
    void servedFrom(Body body);

    /**
     * Whether a file region sent to this response reaches the client's socket as it is (so sendfile can write it);
     * false when the response wants the bytes themselves, which a slice of the body gives without reading a file.
     */
    default boolean passesFileRegions() {
        return false;
    }
}
