package dev.cdn.edge.store;

import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The two cache tiers composed: RAM (L1, admission-controlled) in front of local disk (L2, optional). Fills are
 * written through to L2 asynchronously (so a restart keeps them); L1 admission decides what also stays in RAM; an L1
 * eviction demotes the object to L2 if it is not there yet; an L2 hit is promoted to L1 when admission would take
 * it. Purges act on both tiers and count each object once; the disk tier's part is durable before they return
 * (see {@link DiskStorage}), so they must not be called on an event loop.
 */
public final class TieredStorage implements Storage {

    private final MemoryStorage memory;
    private final DiskStorage disk;
    private final PurgeEpochs epochs;
    /** The purge epoch each L1 object was filled (or promoted) at, for demotion; only with a disk tier. */
    private final Map<String, Long> filledAt = new ConcurrentHashMap<>();
    /** Promotions reading from disk now: one per object, however many hits ask for it meanwhile. */
    private final OnePerKey promotions = new OnePerKey();

    /** @param disk the L2 tier, or null for RAM only */
    public TieredStorage(MemoryStorage memory, DiskStorage disk, PurgeEpochs epochs) {
        this.memory = memory;
        this.disk = disk;
        this.epochs = epochs;
        if (disk != null) {
            memory.onEvict(o -> {
                // Demoted under the epoch it was filled at, so a purge that named it meanwhile keeps it off disk.
                Long filled = filledAt.remove(o.storageKey());
                if (filled != null && !disk.contains(o.storageKey())) {
                    // A heap copy: the RAM tier gives the direct body back as soon as this returns.
                    disk.write(o.withPayload(Body.heap(o.body())), filled).subscribe();
                }
            });
        }
    }

    public MemoryStorage memory() {
        return memory;
    }

    /** The disk tier, or null. */
    public DiskStorage disk() {
        return disk;
    }

    @Override
    public List<String> varyNames(String primaryKey) {
        List<String> vary = memory.varyNames(primaryKey);
        return vary != null || disk == null ? vary : disk.varyNames(primaryKey);
    }

    @Override
    public CachedObject get(String storageKey) {
        return memory.get(storageKey);
    }

    /** The L1 object with its body pinned for one request (see {@link MemoryStorage#pinned}), or null. */
    public CachedObject pinned(String storageKey) {
        return memory.pinned(storageKey);
    }

    /**
     * Looks a variant up in both tiers, without I/O: a RAM hit (pinned for the request), a disk hit when the disk may
     * answer ({@code diskAnswers}; see {@link DiskTrust}), or null for a miss.
     */
    public Hit lookup(String storageKey, boolean diskAnswers) {
        CachedObject inMemory = memory.pinned(storageKey);
        if (inMemory != null) {
            return new Hit.InMemory(inMemory);
        }
        DiskStorage.DiskEntry entry = disk == null || !diskAnswers ? null : disk.get(storageKey);
        return entry == null ? null : new Hit.OnDisk(entry);
    }

    /**
     * Opens a disk hit's body for sending: at once when its file is already open, else off the event loop; errors (a
     * miss for the caller) when it is gone or damaged.
     */
    public Mono<OpenBody> open(Hit.OnDisk hit) {
        DiskStorage.DiskEntry e = hit.entry;
        return disk.open(e).map(file -> new OpenBody(file, e.bodyOffset(), e.bodyLength()));
    }

    /** Reads a disk hit's whole object, off the event loop, and offers it to L1; empty when gone or damaged. */
    public Mono<CachedObject> load(Hit.OnDisk hit) {
        return load(hit.entry);
    }

    /** Promotes a disk hit to L1 in the background, when admission would take it. */
    public void promote(Hit.OnDisk hit) {
        promote(hit.entry);
    }

    /** Loads an L2 object with its body, off the event loop, and offers it to L1; empty when gone or corrupt. */
    Mono<CachedObject> load(DiskStorage.DiskEntry entry) {
        long epoch = entry.epoch();
        return disk.read(entry).doOnNext(o -> {
            if (memory.wouldAdmit(o, o.weight())) {
                epochs.storeIfCurrent(o, epoch, () -> {
                    putInMemory(o, epoch);
                    // Removed from disk while it was read: it must not come back. remove() takes it off the disk
                    // tier before L1, so a put this check misses is one that removal takes out of L1 after.
                    if (!disk.published(entry)) {
                        forgetInMemory(o.storageKey());
                    }
                }, () -> forgetInMemory(o.storageKey()));
            }
        });
    }

    /**
     * Promotes an L2 hit to L1 in the background, when admission would take it (else no read happens), and when no
     * promotion of that object is reading it already.
     */
    void promote(DiskStorage.DiskEntry entry) {
        CachedObject meta = entry.meta();
        if (memory.wouldAdmit(meta, meta.weight() + entry.bodyLength())) {
            promotions.start(meta.storageKey(), () -> load(entry));
        }
    }

    /** Promotions reading from disk now; for tests. */
    int promotionsRunning() {
        return promotions.running();
    }

    @Override
    public void put(CachedObject object) {
        put(object, epochs.now());
    }

    @Override
    public void put(CachedObject object, long generation) {
        putInMemory(object, generation);
        if (disk != null) {
            disk.write(object, generation).subscribe();
        }
    }

    private void putInMemory(CachedObject object, long epoch) {
        if (disk == null) {
            memory.put(object);
            return;
        }
        filledAt.put(object.storageKey(), epoch);
        memory.put(object);
        if (!memory.contains(object.storageKey())) {
            filledAt.remove(object.storageKey(), epoch); // not admitted: nothing to demote later
        }
    }

    private void forgetInMemory(String storageKey) {
        filledAt.remove(storageKey);
        memory.remove(storageKey);
    }

    /**
     * Removes an object from both tiers. Its demotion record goes first, so an eviction meanwhile writes nothing back
     * to disk; then the disk copy, so a promotion that put it into L1 before seeing it gone is taken out of L1 after.
     */
    @Override
    public boolean remove(String storageKey) {
        filledAt.remove(storageKey);
        boolean onDisk = disk != null && disk.remove(storageKey);
        boolean inMemory = memory.remove(storageKey);
        return inMemory || onDisk;
    }

    @Override
    public int purgeUrl(String serviceId, String url, boolean soft) {
        return purge(i -> i.url(serviceId, url), soft);
    }

    @Override
    public int purgePrefix(String serviceId, String urlPrefix, boolean soft) {
        return purge(i -> i.prefix(serviceId, urlPrefix), soft);
    }

    @Override
    public int purgeTag(String serviceId, String tag, boolean soft) {
        return purge(i -> i.tag(serviceId, tag), soft);
    }

    @Override
    public int purgeService(String serviceId, boolean soft) {
        return purge(i -> i.service(serviceId), soft);
    }

    private int purge(Function<UrlTagIndex, List<String>> selector, boolean soft) {
        Set<String> keys = new HashSet<>(memory.purge(selector, soft));
        if (!soft) {
            keys.forEach(filledAt::remove);
        }
        if (disk != null) {
            keys.addAll(disk.purge(selector, soft));
        }
        return keys.size();
    }

    @Override
    public long weightedSize() {
        return memory.weightedSize();
    }

    @Override
    public long objectCount() {
        return memory.objectCount();
    }
}
