package dev.cdn.edge.store;

import dev.cdn.edge.eviction.WTinyLfuCache;
import dev.cdn.edge.admission.Admissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The RAM tier (L1): a {@link WTinyLfuCache} bounded in bytes (weighed by {@link CachedObject#weight()}) whose
 * admission policy is chosen per rule (lru, tinylfu, size-aware), plus purge indexes. Objects it evicts are handed
 * to the eviction consumer (the tiered store demotes them to disk).
 */
public final class MemoryStorage implements Storage {

    private final WTinyLfuCache<CachedObject> cache;
    private final Admissions admissions;
    private final Map<String, List<String>> varySpecs = new ConcurrentHashMap<>();
    private final UrlTagIndex index = new UrlTagIndex();
    private volatile Consumer<CachedObject> onEvict = o -> { };

    public MemoryStorage(long maxBytes) {
        // The sketch is sized for the objects the tier can hold at a typical 8 KiB each.
        this.admissions = new Admissions((int) Math.min(1 << 24, Math.max(1024, maxBytes / 8192)));
        this.cache = new WTinyLfuCache<>(maxBytes, admissions);
    }

    /** Where evicted objects go (demotion to a lower tier). */
    public void onEvict(Consumer<CachedObject> consumer) {
        this.onEvict = consumer;
    }

    @Override
    public List<String> varyNames(String primaryKey) {
        // Called once per cacheable request, hit or miss: the request TinyLFU counts.
        cache.record(WTinyLfuCache.hash(primaryKey));
        return varySpecs.get(primaryKey);
    }

    @Override
    public CachedObject get(String storageKey) {
        return cache.get(storageKey);
    }

    @Override
    public void put(CachedObject object) {
        WTinyLfuCache.PutResult<CachedObject> r = cache.put(object.storageKey(), object, object.weight(),
                WTinyLfuCache.hash(object.key().primary()), admissions.of(object.admission()));
        if (r.outcome() == WTinyLfuCache.Outcome.ADMITTED) {
            varySpecs.put(object.key().primary(), object.varyNames());
            index.add(object);
        }
        for (CachedObject evicted : r.evicted()) {
            index.remove(evicted);
            forgetVary(evicted);
            onEvict.accept(evicted);
        }
    }

    /** True when the object is resident (after a put: whether admission let it in). */
    public boolean contains(String storageKey) {
        return cache.contains(storageKey);
    }

    @Override
    public boolean remove(String storageKey) {
        CachedObject removed = cache.remove(storageKey);
        if (removed != null) {
            index.remove(removed);
            forgetVary(removed);
        }
        return removed != null;
    }

    /** Drops a primary key's Vary spec once no variant of it is left here, so the map shrinks as objects go. */
    private void forgetVary(CachedObject gone) {
        if (!index.hasPrimary(gone)) {
            varySpecs.remove(gone.key().primary());
        }
    }

    /** Primary keys whose Vary spec is remembered (bounded by the objects held). */
    int varySpecCount() {
        return varySpecs.size();
    }


    @Override
    public int purgeUrl(String serviceId, String url, boolean soft) {
        return purge(i -> i.url(serviceId, url), soft).size();
    }

    @Override
    public int purgePrefix(String serviceId, String urlPrefix, boolean soft) {
        return purge(i -> i.prefix(serviceId, urlPrefix), soft).size();
    }

    @Override
    public int purgeTag(String serviceId, String tag, boolean soft) {
        return purge(i -> i.tag(serviceId, tag), soft).size();
    }

    @Override
    public int purgeService(String serviceId, boolean soft) {
        return purge(i -> i.service(serviceId), soft).size();
    }

    /** Purges the keys a selector picks from the indexes; returns the storage keys it purged. */
    Set<String> purge(Function<UrlTagIndex, List<String>> selector, boolean soft) {
        Set<String> purged = new HashSet<>();
        for (String key : selector.apply(index)) {
            if (soft) {
                if (cache.replace(key, v -> v.invalidated() ? v : v.markInvalidated()) != null) {
                    purged.add(key);
                }
            } else if (remove(key)) {
                purged.add(key);
            }
        }
        return purged;
    }

    /** Whether admission would let an object of this size and primary key in now (to skip useless promotions). */
    boolean wouldAdmit(CachedObject meta, long weight) {
        return cache.wouldAdmit(weight, WTinyLfuCache.hash(meta.key().primary()), admissions.of(meta.admission()));
    }

    @Override
    public long weightedSize() {
        return cache.weightedSize();
    }

    @Override
    public long objectCount() {
        return cache.size();
    }
}
