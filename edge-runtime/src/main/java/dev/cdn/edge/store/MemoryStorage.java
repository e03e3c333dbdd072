package dev.cdn.edge.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The RAM tier: a Caffeine cache bounded in bytes (W-TinyLFU admission and eviction, weighed by
 * {@link CachedObject#weight()}), plus per-service indexes from normalized URL (sorted, for prefix purges) and
 * from surrogate key to storage keys, so that a purge costs O(objects matched). Index entries of evicted objects
 * are dropped by the eviction listener; an index entry whose object is already gone is harmless (a purge that
 * finds nothing counts nothing).
 */
public final class MemoryStorage implements Storage {

    private final Cache<String, CachedObject> cache;
    private final Map<String, List<String>> varySpecs = new ConcurrentHashMap<>();
    private final Map<String, ServiceIndex> indexes = new ConcurrentHashMap<>();

    public MemoryStorage(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String k, CachedObject v) -> v.weight())
                .evictionListener((String k, CachedObject v, com.github.benmanes.caffeine.cache.RemovalCause c) -> {
                    if (v != null) {
                        unindex(v);
                    }
                })
                // Maintenance on the calling thread: it is cheap, and a request thread never hands work to
                // ForkJoinPool.commonPool (which BlockHound does not watch, but which we do not need either).
                .executor(Runnable::run)
                .build();
    }

    @Override
    public List<String> varyNames(String primaryKey) {
        return varySpecs.get(primaryKey);
    }

    @Override
    public CachedObject get(String storageKey) {
        return cache.getIfPresent(storageKey);
    }

    @Override
    public void put(CachedObject object) {
        varySpecs.put(object.key().primary(), object.varyNames());
        ServiceIndex index = indexes.computeIfAbsent(object.key().serviceId(), id -> new ServiceIndex());
        index.byUrl.computeIfAbsent(object.key().url(), u -> ConcurrentHashMap.newKeySet()).add(object.storageKey());
        for (String tag : object.tags()) {
            index.byTag.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet()).add(object.storageKey());
        }
        cache.put(object.storageKey(), object);
    }

    @Override
    public boolean remove(String storageKey) {
        CachedObject removed = cache.asMap().remove(storageKey);
        if (removed != null) {
            unindex(removed);
        }
        return removed != null;
    }

    @Override
    public int purgeUrl(String serviceId, String url, boolean soft) {
        ServiceIndex index = indexes.get(serviceId);
        if (index == null) {
            return 0;
        }
        Set<String> keys = index.byUrl.get(url);
        return keys == null ? 0 : purgeKeys(new ArrayList<>(keys), soft);
    }

    @Override
    public int purgePrefix(String serviceId, String urlPrefix, boolean soft) {
        ServiceIndex index = indexes.get(serviceId);
        if (index == null) {
            return 0;
        }
        // The URL index is sorted, so the URLs with a prefix are one contiguous sub-map.
        NavigableMap<String, Set<String>> range = index.byUrl.subMap(urlPrefix, true, urlPrefix + Character.MAX_VALUE, false);
        List<String> keys = new ArrayList<>();
        range.values().forEach(keys::addAll);
        return purgeKeys(keys, soft);
    }

    @Override
    public int purgeTag(String serviceId, String tag, boolean soft) {
        ServiceIndex index = indexes.get(serviceId);
        if (index == null) {
            return 0;
        }
        Set<String> keys = index.byTag.get(tag);
        return keys == null ? 0 : purgeKeys(new ArrayList<>(keys), soft);
    }

    @Override
    public int purgeService(String serviceId, boolean soft) {
        ServiceIndex index = indexes.get(serviceId);
        if (index == null) {
            return 0;
        }
        List<String> keys = new ArrayList<>();
        index.byUrl.values().forEach(keys::addAll);
        return purgeKeys(keys, soft);
    }

    private int purgeKeys(Collection<String> keys, boolean soft) {
        int count = 0;
        for (String key : keys) {
            if (soft) {
                CachedObject marked = cache.asMap().computeIfPresent(key, (k, v) -> v.invalidated() ? v : v.markInvalidated());
                count += marked != null ? 1 : 0;
            } else if (remove(key)) {
                count++;
            }
        }
        return count;
    }

    private void unindex(CachedObject v) {
        ServiceIndex index = indexes.get(v.key().serviceId());
        if (index == null) {
            return;
        }
        index.byUrl.computeIfPresent(v.key().url(), (u, set) -> {
            set.remove(v.storageKey());
            return set.isEmpty() ? null : set;
        });
        for (String tag : v.tags()) {
            index.byTag.computeIfPresent(tag, (t, set) -> {
                set.remove(v.storageKey());
                return set.isEmpty() ? null : set;
            });
        }
    }

    @Override
    public long weightedSize() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    @Override
    public long objectCount() {
        return cache.estimatedSize();
    }

    /** URL and tag indexes of one service. */
    private static final class ServiceIndex {
        final ConcurrentSkipListMap<String, Set<String>> byUrl = new ConcurrentSkipListMap<>();
        final Map<String, Set<String>> byTag = new ConcurrentHashMap<>();
    }
}
