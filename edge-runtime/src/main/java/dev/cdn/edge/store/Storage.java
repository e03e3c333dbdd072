package dev.cdn.edge.store;

import java.util.List;

/**
 * A cache tier: stores object variants by storage key, remembers which Vary fields each primary key varies on,
 * and selects objects for purges through indexes (URL, URL prefix, surrogate key) without scanning.
 */
public interface Storage {

    /** Lower-case Vary field names last stored for a primary key, or null when nothing is stored for it. */
    List<String> varyNames(String primaryKey);

    CachedObject get(String storageKey);

    void put(CachedObject object);

    /** Stores an object filled under a purge generation; tiers that write asynchronously re-check it. */
    default void put(CachedObject object, long generation) {
        put(object);
    }

    /** Removes one variant; true when it was present. */
    boolean remove(String storageKey);

    /** Every variant of a normalized URL. */
    int purgeUrl(String serviceId, String url, boolean soft);

    /** Every object whose normalized URL starts with a prefix. */
    int purgePrefix(String serviceId, String urlPrefix, boolean soft);

    /** Every object carrying a surrogate key. */
    int purgeTag(String serviceId, String tag, boolean soft);

    /** Every object of a service. */
    int purgeService(String serviceId, boolean soft);

    long weightedSize();

    long objectCount();
}
