package dev.cdn.edge.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Purge indexes of one tier: per service, normalized URL (sorted, so a prefix is one contiguous range) and surrogate
 * key, each to storage keys. A purge then costs O(objects matched), never a scan of the tier. An entry whose object
 * is already gone is harmless (a purge that finds nothing counts nothing).
 */
final class UrlTagIndex {

    private final Map<String, ServiceIndex> services = new ConcurrentHashMap<>();

    void add(CachedObject o) {
        ServiceIndex index = services.computeIfAbsent(o.key().serviceId(), id -> new ServiceIndex());
        index.byUrl.computeIfAbsent(o.key().url(), u -> ConcurrentHashMap.newKeySet()).add(o.storageKey());
        for (String tag : o.tags()) {
            index.byTag.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet()).add(o.storageKey());
        }
    }

    void remove(CachedObject o) {
        ServiceIndex index = services.get(o.key().serviceId());
        if (index == null) {
            return;
        }
        index.byUrl.computeIfPresent(o.key().url(), (u, set) -> {
            set.remove(o.storageKey());
            return set.isEmpty() ? null : set;
        });
        for (String tag : o.tags()) {
            index.byTag.computeIfPresent(tag, (t, set) -> {
                set.remove(o.storageKey());
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Whether any variant of an object's primary key is still indexed (its Vary spec is still needed). */
    boolean hasPrimary(CachedObject o) {
        ServiceIndex index = services.get(o.key().serviceId());
        Set<String> keys = index == null ? null : index.byUrl.get(o.key().url());
        if (keys == null) {
            return false;
        }
        String prefix = o.key().variantPrefix();
        for (String k : keys) {
            if (k.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    List<String> url(String serviceId, String url) {
        ServiceIndex index = services.get(serviceId);
        Set<String> keys = index == null ? null : index.byUrl.get(url);
        return keys == null ? List.of() : new ArrayList<>(keys);
    }

    List<String> prefix(String serviceId, String urlPrefix) {
        ServiceIndex index = services.get(serviceId);
        if (index == null) {
            return List.of();
        }
        NavigableMap<String, Set<String>> range = index.byUrl.subMap(urlPrefix, true, urlPrefix + Character.MAX_VALUE, false);
        List<String> keys = new ArrayList<>();
        range.values().forEach(keys::addAll);
        return keys;
    }

    List<String> tag(String serviceId, String tag) {
        ServiceIndex index = services.get(serviceId);
        Set<String> keys = index == null ? null : index.byTag.get(tag);
        return keys == null ? List.of() : new ArrayList<>(keys);
    }

    List<String> service(String serviceId) {
        ServiceIndex index = services.get(serviceId);
        if (index == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        index.byUrl.values().forEach(keys::addAll);
        return keys;
    }

    /** URL and tag indexes of one service. */
    private static final class ServiceIndex {
        final ConcurrentSkipListMap<String, Set<String>> byUrl = new ConcurrentSkipListMap<>();
        final Map<String, Set<String>> byTag = new ConcurrentHashMap<>();
    }
}
