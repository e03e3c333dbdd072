package dev.cdn.edge.store;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-key purge epochs: the guarantee that a request starting after a purge was acknowledged never receives what
 * the purge removed, without throwing away unrelated work. Every purge (and every unsafe request's invalidation)
 * takes the next epoch from one counter and records it under what it names: a URL, a surrogate key, a URL prefix,
 * or (purge-all only) the whole service. A fill reads {@link #now()} before it goes upstream; when it completes it
 * is stored only if nothing naming it was purged since ({@link #storeIfCurrent}), and a reader may join it only
 * under the same condition (the fill lock asks {@link #purgedSince(long, String, String)}).
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} URL, tag and prefix records are kept. The oldest are forgotten first
 * and the floor of the record's service rises to the newest epoch forgotten, so a fill of that service that
 * started before its floor counts as purged: forgetting only ever stores less, never more. The floor is per
 * service: a tenant whose purges or invalidations fill the records forgets another tenant's oldest records too, but
 * raises that tenant's floor only to their epochs, so only its fills older than its own forgotten purges count as
 * purged, never the rest of its fills in flight. Purge-all and "some tag of this service" are one record per
 * service and never forgotten.
 */
public final class PurgeEpochs {

    /** URL, tag and prefix records kept at most; at 1,000 purges a second, a fill has over a minute to finish. */
    static final int MAX_ENTRIES = 65_536;

    private final AtomicLong clock = new AtomicLong();
    private final Map<String, Long> services = new ConcurrentHashMap<>();
    /** The latest tag purge of each service: what a fill whose tags are not known yet must assume. */
    private final Map<String, Long> anyTag = new ConcurrentHashMap<>();
    private final Map<String, Long> urls = new ConcurrentHashMap<>();
    private final Map<String, Long> tags = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> prefixes = new ConcurrentHashMap<>();
    private final Queue<Recorded> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** Per service: the newest epoch among its forgotten records (absent: none forgotten). */
    private final Map<String, Long> floors = new ConcurrentHashMap<>();
    /** Stores in flight, counted on the counter of the phase they began in (see {@link #awaitStores}). */
    private final AtomicInteger[] storing = {new AtomicInteger(), new AtomicInteger()};
    private volatile int phase;
    private final int maxEntries;

    private enum Kind { URL, TAG, PREFIX }

    private record Recorded(Kind kind, String service, String value, long epoch) {
    }

    public PurgeEpochs() {
        this(MAX_ENTRIES);
    }

    PurgeEpochs(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The current epoch: what a fill records before it goes upstream. */
    public long now() {
        return clock.get();
    }

    /** Records a purge of every variant of one normalized URL; returns its epoch. */
    public long purgeUrl(String serviceId, String url) {
        return record(Kind.URL, serviceId, url);
    }

    /** Records a purge of every object carrying a surrogate key. */
    public long purgeTag(String serviceId, String tag) {
        long epoch = record(Kind.TAG, serviceId, tag);
        anyTag.merge(serviceId, epoch, Math::max);
        return epoch;
    }

    /** Records a purge of every URL that starts with a normalized prefix. */
    public long purgePrefix(String serviceId, String urlPrefix) {
        return record(Kind.PREFIX, serviceId, urlPrefix);
    }

    /** Records a purge of the whole service (purge-all, or the service stops being served). */
    public long purgeAll(String serviceId) {
        long epoch = clock.incrementAndGet();
        services.merge(serviceId, epoch, Math::max);
        return epoch;
    }

    /** Whether a purge after {@code epoch} names this object (its URL, any of its tags, a prefix of its URL). */
    public boolean purgedSince(long epoch, CachedObject object) {
        String service = object.key().serviceId();
        if (purgedSince(epoch, service, object.key().url(), false)) {
            return true;
        }
        for (String tag : object.tags()) {
            if (after(tags.get(service + '\u0000' + tag), epoch)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a purge after {@code epoch} may name a fill of this URL whose surrogate keys are not known yet (a
     * reader about to join it): any tag purge of the service counts.
     */
    public boolean purgedSince(long epoch, String serviceId, String url) {
        return purgedSince(epoch, serviceId, url, true);
    }

    private boolean purgedSince(long epoch, String service, String url, boolean tagsUnknown) {
        if (after(floors.get(service), epoch) || after(services.get(service), epoch)
                || after(urls.get(service + '\u0000' + url), epoch)
                || (tagsUnknown && after(anyTag.get(service), epoch))) {
            return true;
        }
        Map<String, Long> mine = prefixes.get(service);
        if (mine != null) {
            for (Map.Entry<String, Long> p : mine.entrySet()) {
                if (p.getValue() > epoch && url.startsWith(p.getKey())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Stores an object filled since {@code epoch} only if nothing naming it was purged meanwhile; re-checks after
     * the put and undoes it when a purge slipped in between (a purge records its epoch first, then removes). A
     * purge then {@link #awaitStores waits} for the stores that may have checked before it recorded, so the undo
     * has happened before the purge is acknowledged.
     */
    public boolean storeIfCurrent(Storage storage, CachedObject object, long epoch) {
        return storeIfCurrent(object, epoch, () -> storage.put(object, epoch), () -> storage.remove(object.storageKey()));
    }

    /** {@link #storeIfCurrent(Storage, CachedObject, long)} with the put and its undo given. */
    public boolean storeIfCurrent(CachedObject object, long epoch, Runnable put, Runnable undo) {
        AtomicInteger counter = enterStore();
        try {
            if (purgedSince(epoch, object)) {
                return false;
            }
            put.run();
            if (purgedSince(epoch, object)) {
                undo.run();
                return false;
            }
            return true;
        } finally {
            counter.decrementAndGet();
        }
    }

    /**
     * Counts a store in on the current phase's counter; re-reads the phase after counting, so that once a purge
     * has flipped the phase no store counts itself on the old counter any more (a seqlock-like handshake).
     */
    private AtomicInteger enterStore() {
        while (true) {
            int p = phase;
            AtomicInteger counter = storing[p];
            counter.incrementAndGet();
            if (phase == p) {
                return counter;
            }
            counter.decrementAndGet();
        }
    }

    /**
     * Waits until every store that may have checked its epochs before this call has finished (its re-check and
     * undo included): a purge calls it after recording its epochs and removing its objects, before it returns.
     * The wait is for stores already in flight, each a few map operations, so it is short and bounded; it spins,
     * so callers must not be on an event loop.
     */
    public synchronized void awaitStores() {
        int old = phase;
        phase = 1 - old;
        while (storing[old].get() != 0) {
            Thread.onSpinWait();
        }
    }

    /** URL, tag and prefix records held now (bounded by {@link #MAX_ENTRIES}). */
    int entries() {
        return size.get();
    }

    private static boolean after(Long purged, long epoch) {
        return purged != null && purged > epoch;
    }

    private long record(Kind kind, String service, String value) {
        long epoch = clock.incrementAndGet();
        switch (kind) {
            case URL -> urls.put(service + '\u0000' + value, epoch);
            case TAG -> tags.put(service + '\u0000' + value, epoch);
            case PREFIX -> prefixes.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(value, epoch);
        }
        order.add(new Recorded(kind, service, value, epoch));
        if (size.incrementAndGet() > maxEntries) {
            forgetOldest();
        }
        return epoch;
    }

    /** Drops the oldest record; the floor rises first, so no fill it named can be stored meanwhile. */
    private void forgetOldest() {
        Recorded oldest = order.poll();
        if (oldest == null) {
            return;
        }
        size.decrementAndGet();
        floors.merge(oldest.service(), oldest.epoch(), Math::max);
        switch (oldest.kind()) {
            case URL -> urls.remove(oldest.service() + '\u0000' + oldest.value(), oldest.epoch());
            case TAG -> tags.remove(oldest.service() + '\u0000' + oldest.value(), oldest.epoch());
            case PREFIX -> {
                Map<String, Long> mine = prefixes.get(oldest.service());
                if (mine != null) {
                    mine.remove(oldest.value(), oldest.epoch());
                }
            }
        }
    }
}
