package dev.cdn.edge.store;

import dev.cdn.config.Admission;
import dev.cdn.edge.admission.AdmissionPolicy;
import dev.cdn.edge.admission.Admissions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The local-disk tier (L2): one file per object ({@link DiskFormat}), bounded in bytes with LRU eviction, and
 * persistent: {@link #load()} rebuilds the index and the purge indexes from the file headers at start. Writes are
 * crash-safe (temporary file, fsync, atomic rename, directory fsync); a file whose checksum does not match is
 * deleted, never served. The index lives in memory, so deciding a disk hit costs no I/O; every file operation runs
 * on a dedicated bounded scheduler, never on an event loop. Commits re-check the service's purge generation after
 * publishing, like {@link Generations#storeIfCurrent}, so a purge racing an asynchronous write wins.
 */
public final class DiskStorage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiskStorage.class);

    /** One object on disk as the index knows it: its metadata, and where its body lies. */
    public record DiskEntry(CachedObject meta, Path file, long bodyOffset, long bodyLength) {
    }

    private final Path dir;
    private final Generations generations;
    private final AdmittedLru<DiskEntry> lru;
    private final AdmissionPolicy admitAll;
    private final UrlTagIndex index = new UrlTagIndex();
    private final Map<String, List<String>> varySpecs = new ConcurrentHashMap<>();
    private final Scheduler io;
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final AtomicLong pending = new AtomicLong();
    private final WriteBudget writeBudget;

    /** Default bound of the bytes queued for the disk writer. */
    public static final long DEFAULT_WRITE_QUEUE_BYTES = 32L * 1024 * 1024;

    public DiskStorage(Path dir, long maxBytes, Generations generations) {
        this(dir, maxBytes, generations, DEFAULT_WRITE_QUEUE_BYTES);
    }

    /** @param writeQueueBytes the bytes of bodies the writer may hold at once; writes past it are refused */
    public DiskStorage(Path dir, long maxBytes, Generations generations, long writeQueueBytes) {
        this.writeBudget = new WriteBudget(writeQueueBytes);
        this.dir = dir;
        this.generations = generations;
        Admissions lruOnly = new Admissions(1024);
        this.admitAll = lruOnly.of(Admission.LRU);
        this.lru = new AdmittedLru<>(maxBytes, lruOnly);
        // At most 4 threads; writes are bounded in bytes by the write budget before they get here, and the task cap
        // only bounds the small tasks (reads, deletes) beside them.
        this.io = Schedulers.newBoundedElastic(4, 10_000, "edge-disk", 60, true);
    }

    /** Rebuilds the index from the files (on the calling thread, at start); returns how many objects it found. */
    public int load() throws IOException {
        Files.createDirectories(dir);
        int loaded = 0;
        int dropped = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".tmp-")) {
                    Files.deleteIfExists(file); // a write the process did not finish: never published
                    dropped++;
                } else if (name.endsWith(".obj")) {
                    DiskEntry e = readVerified(file);
                    if (e == null) {
                        dropped++;
                        continue;
                    }
                    DiskEntry existing = lru.get(e.meta().storageKey());
                    if (existing != null && writeSequence(existing.file()) > writeSequence(file)) {
                        Files.deleteIfExists(file); // an older copy whose delete did not happen before a crash
                        continue;
                    }
                    publish(e); // replaces (and deletes) an older copy already loaded
                    loaded++;
                }
            }
        }
        log.info("disk tier {}: {} object(s), {} bytes loaded; {} torn or corrupt file(s) deleted", dir, loaded,
                lru.weightedSize(), dropped);
        return loaded;
    }

    /**
     * The write sequence in a file name ({@code <hash>-<sequence>.obj}); later writes have larger numbers, also across
     * restarts (it starts at the clock's microseconds), so the newest copy of a key wins at load.
     */
    static long writeSequence(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(name.lastIndexOf('-') + 1, name.length() - ".obj".length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The entry for a storage key, or null; no I/O. */
    public DiskEntry get(String storageKey) {
        return lru.get(storageKey);
    }

    public boolean contains(String storageKey) {
        return lru.contains(storageKey);
    }

    public List<String> varyNames(String primaryKey) {
        return varySpecs.get(primaryKey);
    }

    /**
     * Writes an object asynchronously; it is published only if the service's generation is still
     * {@code generation} (pass -1 to skip the check, for rewrites of an object already published).
     */
    public Mono<Boolean> write(CachedObject o, long generation) {
        long size = queuedSize(o);
        if (!writeBudget.tryReserve(size)) {
            return Mono.just(false); // refused and counted: the object stays in RAM only
        }
        pending.incrementAndGet();
        return Mono.fromCallable(() -> writeNow(o, generation))
                .subscribeOn(io)
                .onErrorResume(e -> {
                    log.warn("disk write of {} failed: {}", o.key().url(), e.toString());
                    return Mono.just(false);
                })
                .doFinally(s -> {
                    pending.decrementAndGet();
                    writeBudget.release(size);
                });
    }

    /** What a queued write holds on the heap: the body, plus a fixed allowance for the key and headers. */
    private static long queuedSize(CachedObject o) {
        return o.body().length + 1024L;
    }

    /** Reads an object with its body, off the event loop; empty when the file is gone or corrupt (then deleted). */
    /**
     * Opens an entry's file for sending, off the event loop. Holding the open channel makes the send immune to a
     * purge or eviction deleting the file meanwhile (the data stays readable until the channel is closed); a file
     * already gone, or not of the expected size, is an error and the caller fills afresh.
     */
    public Mono<FileChannel> open(DiskEntry e) {
        return Mono.fromCallable(() -> {
            FileChannel channel = FileChannel.open(e.file(), java.nio.file.StandardOpenOption.READ);
            if (channel.size() != e.bodyOffset() + e.bodyLength()) {
                channel.close();
                throw new IOException("disk file " + e.file().getFileName() + " changed size");
            }
            return channel;
        }).subscribeOn(io);
    }

    public Mono<CachedObject> read(DiskEntry e) {
        return Mono.fromCallable(() -> {
            DiskEntry verified = readFully(e.file());
            if (verified == null) {
                unpublish(e);
                return null;
            }
            return verified.meta();
        }).subscribeOn(io).onErrorResume(err -> Mono.empty());
    }

    private boolean writeNow(CachedObject o, long generation) throws IOException {
        String service = o.key().serviceId();
        if (generation >= 0 && generations.current(service) != generation) {
            return false;
        }
        String name = Long.toHexString(AdmittedLru.hash(o.storageKey())) + "-" + sequence.incrementAndGet() + ".obj";
        Path tmp = dir.resolve(".tmp-" + name);
        Path file = dir.resolve(name);
        ByteBuffer head = DiskFormat.encodeHead(o);
        long headLength = head.remaining();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (head.hasRemaining()) {
                ch.write(head);
            }
            ByteBuffer body = ByteBuffer.wrap(o.body());
            while (body.hasRemaining()) {
                ch.write(body);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        fsyncDir();
        DiskEntry entry = new DiskEntry(stripBody(o), file, headLength, o.body().length);
        if (!publish(entry)) {
            Files.deleteIfExists(file);
            return false;
        }
        if (generation >= 0 && generations.current(service) != generation) {
            // A purge slipped in between the check and the publish: undo (the purge bumps first, then removes).
            unpublish(entry);
            return false;
        }
        return true;
    }

    /** Adds an entry to the index, replacing any older file of the same key; false when it does not fit. */
    private boolean publish(DiskEntry e) {
        String key = e.meta().storageKey();
        long size = e.bodyOffset() + e.bodyLength();
        DiskEntry old = lru.get(key);
        AdmittedLru.PutResult<DiskEntry> r = lru.put(key, e, size, AdmittedLru.hash(key), admitAll);
        if (r.outcome() != AdmittedLru.Outcome.ADMITTED) {
            return false;
        }
        if (old != null && !old.file().equals(e.file())) {
            index.remove(old.meta());
            deleteLater(old.file());
        }
        index.add(e.meta());
        varySpecs.put(e.meta().key().primary(), e.meta().varyNames());
        for (DiskEntry evicted : r.evicted()) {
            index.remove(evicted.meta());
            deleteLater(evicted.file());
        }
        return true;
    }

    /** Removes an entry if it is still the one published, and deletes its file. */
    private boolean unpublish(DiskEntry e) {
        String key = e.meta().storageKey();
        DiskEntry current = lru.get(key);
        if (current == null || !current.file().equals(e.file())) {
            return false;
        }
        lru.remove(key);
        index.remove(e.meta());
        deleteLater(e.file());
        return true;
    }

    public boolean remove(String storageKey) {
        DiskEntry e = lru.get(storageKey);
        return e != null && unpublish(e);
    }

    /** Purges the keys a selector picks; returns the storage keys it purged. */
    Set<String> purge(Function<UrlTagIndex, List<String>> selector, boolean soft) {
        Set<String> purged = new HashSet<>();
        for (String key : selector.apply(index)) {
            DiskEntry e = lru.get(key);
            if (e == null) {
                continue;
            }
            if (!soft) {
                if (unpublish(e)) {
                    purged.add(key);
                }
            } else {
                purged.add(key);
                if (!e.meta().invalidated()) {
                    DiskEntry marked = new DiskEntry(e.meta().markInvalidated(), e.file(), e.bodyOffset(), e.bodyLength());
                    lru.replace(key, x -> marked);
                    // Persist the mark, so a restart does not resurrect the object as fresh.
                    read(marked).flatMap(full -> write(full.markInvalidated(), -1)).subscribe();
                }
            }
        }
        return purged;
    }

    private DiskEntry readVerified(Path file) {
        try {
            DiskEntry e = readFully(file);
            if (e == null) {
                Files.deleteIfExists(file);
                return null;
            }
            return new DiskEntry(stripBody(e.meta()), file, e.bodyOffset(), e.bodyLength());
        } catch (IOException | RuntimeException ex) {
            log.warn("disk tier: deleting unreadable {}: {}", file, ex.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing more to do: it is not in the index either way
            }
            return null;
        }
    }

    /** Reads and verifies a whole file; null when torn or corrupt. The entry's meta carries the body. */
    private static DiskEntry readFully(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        int[] fixed;
        try {
            fixed = DiskFormat.fixed(b);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int metaLength = fixed[0];
        int bodyLength = fixed[1];
        if ((long) DiskFormat.HEADER_BYTES + metaLength + bodyLength != all.length) {
            return null; // torn: shorter (or longer) than its header says
        }
        byte[] meta = java.util.Arrays.copyOfRange(all, DiskFormat.HEADER_BYTES, DiskFormat.HEADER_BYTES + metaLength);
        byte[] body = java.util.Arrays.copyOfRange(all, DiskFormat.HEADER_BYTES + metaLength, all.length);
        if (!DiskFormat.crcMatches(meta, body, fixed[2])) {
            return null;
        }
        CachedObject full = DiskFormat.decode(meta, body);
        return new DiskEntry(full, file, DiskFormat.HEADER_BYTES + metaLength, bodyLength);
    }

    private static CachedObject stripBody(CachedObject o) {
        return new CachedObject(o.key(), o.storageKey(), o.varyNames(), o.status(), o.headers(), new byte[0],
                o.responseTime(), o.initialAge(), o.ttlSeconds(), o.swrSeconds(), o.sieSeconds(), o.authShareable(),
                o.tags(), o.invalidated(), o.admission());
    }

    private void fsyncDir() {
        // Makes the rename itself durable; not supported on every platform, where the rename is still atomic.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("directory fsync not supported: {}", e.toString());
        }
    }

    private void deleteLater(Path file) {
        Mono.fromCallable(() -> Files.deleteIfExists(file)).subscribeOn(io)
                .subscribe(null, e -> log.debug("cannot delete {}: {}", file, e.toString()));
    }

    /** Bytes of the writes accepted and not yet finished (never above {@link #writeQueueLimit()}). */
    public long queuedWriteBytes() {
        return writeBudget.heldBytes();
    }

    public long writeQueueLimit() {
        return writeBudget.maxBytes();
    }

    /** Writes refused because the write queue's byte budget was full. */
    public long refusedWrites() {
        return writeBudget.refusedWrites();
    }

    /** Writes accepted but not yet finished. */
    public long pendingWrites() {
        return pending.get();
    }

    public long bytes() {
        return lru.weightedSize();
    }

    public long objectCount() {
        return lru.size();
    }

    @Override
    public void close() {
        io.dispose();
    }
}
