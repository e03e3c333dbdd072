package dev.cdn.edge.store;

/**
 * What a lookup found, whichever tier holds it: the request path decides freshness on {@link #meta()} and asks
 * {@link TieredStorage} to open, load or promote the hit, without knowing whether its body is a direct buffer in RAM
 * or a region of a file (pingora's hit handler, in our terms).
 */
public sealed interface Hit permits Hit.InMemory, Hit.OnDisk {

    /** Headers, freshness values and tags (for a disk hit, without the body). */
    CachedObject meta();

    /** A RAM-tier object, pinned for this request: {@code meta().payload()} is unpinned when the request is over. */
    record InMemory(CachedObject meta) implements Hit {
    }

    /** A disk-tier object: its body is sent from the file ({@link TieredStorage#open}) or read ({@link TieredStorage#load}). */
    final class OnDisk implements Hit {
        final DiskStorage.DiskEntry entry;

        OnDisk(DiskStorage.DiskEntry entry) {
            this.entry = entry;
        }

        @Override
        public CachedObject meta() {
            return entry.meta();
        }
    }
}
