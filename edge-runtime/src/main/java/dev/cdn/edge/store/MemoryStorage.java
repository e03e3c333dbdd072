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
 * to the eviction consumer (the tiered store demotes them to disk). Bodies live in direct memory ({@link DirectBodies}):
 * the tier holds one reference per resident object and gives it back when the object leaves; a request serving an
 * object pins it ({@link #pinned}) so an eviction meanwhile frees nothing it is still sending.
 */
public final class MemoryStorage implements Storage, AutoCloseable {

    /** Direct memory allowed beyond the tier's bound, for evicted bodies still being sent. */
    static final double IN_FLIGHT_SHARE = 0.25;

    private final WTinyLfuCache<CachedObject> cache;
    private final Admissions admissions;
    private final Map<String, List<String>> varySpecs = new ConcurrentHashMap<>();
    private final UrlTagIndex index = new UrlTagIndex();
    private final DirectBodies bodies;
    private volatile Consumer<CachedObject> onEvict = o -> { };

    public MemoryStorage(long maxBytes) {
        this(maxBytes, (MemoryFiles) null);
    }

    /** @param files where large bodies go (memory-backed files sent with sendfile), or null for direct buffers only */
    public MemoryStorage(long maxBytes, MemoryFiles files) {
        this(maxBytes, new DirectBodies(maxBytes + (long) (maxBytes * IN_FLIGHT_SHARE), files));
    }

    public MemoryStorage(long maxBytes, DirectBodies bodies) {
        // The sketch is sized for the objects the tier can hold at a typical 8 KiB each.
        this.admissions = new Admissions((int) Math.min(1 << 24, Math.max(1024, maxBytes / 8192)));
        this.cache = new WTinyLfuCache<>(maxBytes, admissions);
        this.bodies = bodies;
    }

    public DirectBodies bodies() {
        return bodies;
    }

    /** Where evicted objects go (demotion to a lower tier). */
    public void onEvict(Consumer<CachedObject> consumer) {
        this.onEvict = consumer;
    }

    @Override
    public List<String> varyNames(String primaryKey) {
        // Called once per cacheable request. No variant here: a miss, which TinyLFU counts now; otherwise the get that
        // follows counts the request when it hits (a variant not held here is then not counted until its fill).
        List<String> names = varySpecs.get(primaryKey);
        if (names == null) {
            cache.recordMiss(WTinyLfuCache.hash(primaryKey));
        }
        return names;
    }

    /** The object, unpinned: its body may be released at any time (for checks; never to send). */
    @Override
    public CachedObject get(String storageKey) {
        return cache.get(storageKey);
    }

    /**
     * The object with its body pinned for one request, or null (a miss, also when it left the tier between the
     * lookup and the pin). The caller unpins it ({@code payload().unpin()}) when the request is over.
     */
    public CachedObject pinned(String storageKey) {
        CachedObject o = cache.get(storageKey);
        return o != null && o.payload().pin() ? o : null;
    }

    /**
     * Stores an object, its body copied into direct memory (or, when it is there already, with one more reference).
     * When the direct budget is exhausted the object is refused, and counted, not waited for.
     */
    @Override
    public void put(CachedObject object) {
        CachedObject stored = withOwnBody(object);
        if (stored == null) {
            return;
        }
        WTinyLfuCache.PutResult<CachedObject> r = cache.put(stored.storageKey(), stored, stored.weight(),
                WTinyLfuCache.hash(stored.key().primary()), admissions.of(stored.admission()));
        if (r.outcome() == WTinyLfuCache.Outcome.ADMITTED) {
            varySpecs.put(stored.key().primary(), stored.varyNames());
            index.add(stored);
        } else {
            release(stored);
        }
        if (r.replaced() != null) {
            release(r.replaced());
        }
        for (CachedObject evicted : r.evicted()) {
            index.remove(evicted);
            forgetVary(evicted);
            onEvict.accept(evicted);
            release(evicted);
        }
    }

    /** The object with a body reference of the tier's own, or null when there is none to be had. */
    private CachedObject withOwnBody(CachedObject object) {
        Body body = object.payload();
        if (body.direct()) {
            return body.pin() ? object : null; // a revalidated copy shares its stale body, unless that was released
        }
        DirectBody copy = bodies.copyOf(body.bytes());
        return copy == null ? null : object.withPayload(copy);
    }

    private static void release(CachedObject gone) {
        if (gone.payload() instanceof DirectBody d) {
            d.release();
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
            release(removed);
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

    /** Empties the tier and gives every body back to direct memory. */
    @Override
    public void close() {
        for (CachedObject o : cache.clear()) {
            index.remove(o);
            release(o);
        }
        varySpecs.clear();
    }
}
