package dev.cdn.edge.store;

import dev.cdn.edge.eviction.WTinyLfuCache;
import dev.cdn.config.Admission;
import dev.cdn.edge.admission.AdmissionPolicy;
import dev.cdn.edge.admission.Admissions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * on a dedicated bounded scheduler, never on an event loop. Commits re-check the object's purge epochs after
 * publishing, like {@link PurgeEpochs#storeIfCurrent}, so a purge racing an asynchronous write wins.
 *
 * <p>Purges are durable before they return: the files of a hard purge are deleted (and the directory synced) on the
 * purging thread, and a soft purge rewrites its objects' files marked stale there too, so a crash right after a
 * purge was acknowledged cannot bring an object back at {@link #load()}. A write holds the read side of
 * {@code publishing} from its epoch check to its publish and a purge the write side, so a purge never misses a
 * file a write is about to publish: either the purge finds it in the index, or the write sees the purge's epoch.
 * The purge's callers must therefore not run on an event loop.
 */
public final class DiskStorage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiskStorage.class);

    /**
     * One object on disk as the index knows it: its metadata, where its body lies, and the purge epoch it is valid
     * as of (the epoch its write was checked under; 0 for files found at start, before this process purged
     * anything), so a promotion to RAM is checked against the purges since then, not since the read.
     */
    public record DiskEntry(CachedObject meta, Path file, long bodyOffset, long bodyLength, long epoch) {
        DiskEntry(CachedObject meta, Path file, long bodyOffset, long bodyLength) {
            this(meta, file, bodyOffset, bodyLength, 0);
        }
    }

    private final Path dir;
    private final PurgeEpochs epochs;
    private final java.util.concurrent.locks.ReadWriteLock publishing = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final WTinyLfuCache<DiskEntry> cache;
    private final AdmissionPolicy admitAll;
    private final UrlTagIndex index = new UrlTagIndex();
    private final Map<String, List<String>> varySpecs = new ConcurrentHashMap<>();
    private final Scheduler io;
    private final DiskLayout layout;
    /** Continues from the largest write sequence found at {@link #load()}: never from the wall clock, which can go back. */
    private final AtomicLong sequence = new AtomicLong();
    /** Files found at start whose body has not been checked yet (the index was rebuilt from their heads only). */
    private final Set<Path> unverified = ConcurrentHashMap.newKeySet();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong fileOpens = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final WriteBudget writeBudget;
    private final OpenFiles openFiles;

    /** Set once {@link #load()} has rebuilt the index: until then the tier knows none of its files. */
    private volatile boolean indexLoaded;

    /** True once {@link #load()} has rebuilt the index from the files (readiness reads it). */
    public boolean indexLoaded() {
        return indexLoaded;
    }

    /** The directory the tier keeps its files in. */
    public Path dir() {
        return dir;
    }

    /** Default bound of the bytes queued for the disk writer. */
    public static final long DEFAULT_WRITE_QUEUE_BYTES = 32L * 1024 * 1024;

    public DiskStorage(Path dir, long maxBytes, PurgeEpochs epochs) {
        this(dir, maxBytes, epochs, DEFAULT_WRITE_QUEUE_BYTES);
    }

    /** @param writeQueueBytes the bytes of bodies the writer may hold at once; writes past it are refused */
    public DiskStorage(Path dir, long maxBytes, PurgeEpochs epochs, long writeQueueBytes) {
        this.writeBudget = new WriteBudget(writeQueueBytes);
        this.dir = dir;
        this.layout = new DiskLayout(dir);
        this.epochs = epochs;
        Admissions lruOnly = new Admissions(1024);
        this.admitAll = lruOnly.of(Admission.LRU);
        this.cache = new WTinyLfuCache<>(maxBytes, lruOnly);
        // At most 4 threads; writes are bounded in bytes by the write budget before they get here, and the task cap
        // only bounds the small tasks (reads, deletes) beside them.
        this.io = Schedulers.newBoundedElastic(4, 10_000, "edge-disk", 60, true);
        // The last holder of a file may be an event loop (a sent region): the close itself, which may free a deleted
        // file's blocks, runs here.
        this.openFiles = new OpenFiles(OpenFiles.DEFAULT_MAX_FILES, this::closeLater);
    }

    /**
     * Rebuilds the index from the files' heads (on the calling thread, at start): O(entries), no body is read. A file
     * shorter or longer than its head says, or whose head does not parse, is deleted and counted; a body whose bytes
     * were damaged in place is caught by its checksum the first time it is read or sent ({@link #open}). Returns how
     * many objects it found.
     */
    public int load() throws IOException {
        Files.createDirectories(dir);
        int loaded = 0;
        int dropped = 0;
        long maxSequence = 0;
        for (Path file : layout.files()) {
            if (DiskLayout.isTemporary(file)) {
                Files.deleteIfExists(file); // a write the process did not finish: never published
                dropped++;
            } else if (DiskLayout.isObject(file)) {
                maxSequence = Math.max(maxSequence, DiskLayout.writeSequence(file));
                DiskEntry e = readHeadEntry(file);
                if (e == null) {
                    dropped++;
                    continue;
                }
                DiskEntry existing = cache.get(e.meta().storageKey());
                if (existing != null && DiskLayout.writeSequence(existing.file()) > DiskLayout.writeSequence(file)) {
                    Files.deleteIfExists(file); // an older copy whose delete did not happen before a crash
                    continue;
                }
                unverified.add(file);
                publish(e); // replaces (and deletes) an older copy already loaded
                loaded++;
            }
        }
        sequence.set(maxSequence);
        indexLoaded = true;
        log.info("disk tier {}: {} object(s), {} bytes indexed from their heads; {} torn or unreadable file(s) deleted",
                dir, loaded, cache.weightedSize(), dropped);
        return loaded;
    }

    /** The index entry of a file from its head alone, or null (the file is deleted and counted) when it is damaged. */
    private DiskEntry readHeadEntry(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[][] meta = new byte[1][];
            int[] fixed = DiskFormat.readHead(ch, meta);
            CachedObject o = DiskFormat.decode(meta[0], new byte[0]);
            return new DiskEntry(o, file, DiskFormat.HEADER_BYTES + fixed[0], fixed[1]);
        } catch (IOException | RuntimeException ex) {
            log.warn("disk tier: deleting damaged {}: {}", file, ex.toString());
            corrupt.incrementAndGet();
            deleteNow(file);
            return null;
        }
    }

    /** The entry for a storage key, or null; no I/O. */
    public DiskEntry get(String storageKey) {
        return cache.get(storageKey);
    }

    public boolean contains(String storageKey) {
        return cache.contains(storageKey);
    }

    public List<String> varyNames(String primaryKey) {
        return varySpecs.get(primaryKey);
    }

    /**
     * Writes an object asynchronously; it is published only if nothing naming it was purged since the purge epoch
     * {@code generation} (see {@link PurgeEpochs}).
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
                    // A full disk, an I/O error: the object stays in RAM only, counted; the request was answered.
                    failedWrites.incrementAndGet();
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
        return o.bodyLength() + 1024L;
    }

    /**
     * Opens an entry's file for sending. A file already open ({@link OpenFiles}) is handed out at once, on the calling
     * thread, with no I/O; any other is opened off the event loop and kept open for the next hits. Holding the open
     * file makes the send immune to a purge or eviction deleting it meanwhile (the data stays readable until the last
     * holder lets go); a file already gone, or not of the expected size, is an error and the caller fills afresh.
     */
    Mono<SharedFile> open(DiskEntry e) {
        SharedFile open = openFiles.retain(e.file());
        if (open != null) {
            if (sizeIsStill(open, e)) {
                return Mono.just(open);
            }
            // Changed under us: no later hit may use it; the slow path below opens it afresh and finds it damaged.
            open.release();
            openFiles.forget(e.file());
        }
        return openOff(() -> {
            if (unverified.contains(e.file())) {
                verifyOnce(e);
            }
            FileChannel channel = FileChannel.open(e.file(), java.nio.file.StandardOpenOption.READ);
            fileOpens.incrementAndGet();
            if (channel.size() != e.bodyOffset() + e.bodyLength()) {
                channel.close();
                damaged(e, "changed size");
            }
            SharedFile file = openFiles.keep(e.file(), channel);
            if (!published(e)) {
                openFiles.forget(e.file()); // left the index while it was being opened: not kept for later hits
            }
            return file;
        }, io);
    }

    /**
     * Runs {@code open} on {@code scheduler}. A request cancelled while its file was being opened never gets the file,
     * so its reference is let go of here; else the file would stay open (and its disk space held) for good.
     */
    static Mono<SharedFile> openOff(java.util.concurrent.Callable<SharedFile> open, Scheduler scheduler) {
        // hide(): subscribeOn fused with a callable drops a value that arrives after a cancel without discarding it;
        // unfused, the value goes through a subscriber that hands it to the discard hook.
        return Mono.fromCallable(open).hide().subscribeOn(scheduler)
                .doOnDiscard(SharedFile.class, SharedFile::release);
    }

    /**
     * Whether a kept file still has the length its entry says (one {@code fstat}, no read): a file cut short from
     * outside while kept open would otherwise end a response early.
     */
    private static boolean sizeIsStill(SharedFile file, DiskEntry e) {
        try {
            return file.channel().size() == e.bodyOffset() + e.bodyLength();
        } catch (IOException closedOrFailed) {
            return false;
        }
    }

    /** Closes a file no one holds any more on the tier's threads; on the caller's once the tier is closed. */
    private void closeLater(FileChannel channel) {
        try {
            io.schedule(() -> FileChunks.closeQuietly(channel));
        } catch (java.util.concurrent.RejectedExecutionException closedTier) {
            FileChunks.closeQuietly(channel);
        }
    }

    /**
     * Whether the entry is (still) the published copy of its key. An entry removed or replaced is not, even while its
     * file still exists (files are deleted in the background).
     */
    boolean published(DiskEntry e) {
        DiskEntry current = cache.peek(e.meta().storageKey());
        return current != null && current.file().equals(e.file());
    }

    /** Checks the checksum of a file indexed from its head at start, before its body is first sent. */
    private void verifyOnce(DiskEntry e) throws IOException {
        if (readFully(e.file()) == null) {
            damaged(e, "does not match its checksum");
        }
        unverified.remove(e.file());
    }

    /** A damaged file: out of the index, deleted, counted; the caller's request becomes a miss. */
    private void damaged(DiskEntry e, String why) throws IOException {
        corrupt.incrementAndGet();
        unverified.remove(e.file());
        unpublish(e);
        throw new IOException("disk file " + e.file().getFileName() + " " + why);
    }

    public Mono<CachedObject> read(DiskEntry e) {
        return Mono.fromCallable(() -> {
            if (!published(e)) {
                return null; // removed since it was looked up: its file may not be deleted yet, but it is gone
            }
            DiskEntry verified = readFully(e.file());
            if (verified == null) {
                corrupt.incrementAndGet();
                unverified.remove(e.file());
                unpublish(e);
                return null;
            }
            unverified.remove(e.file());
            return verified.meta();
        }).subscribeOn(io).onErrorResume(err -> Mono.empty());
    }

    private boolean writeNow(CachedObject o, long generation) throws IOException {
        publishing.readLock().lock();
        try {
            if (epochs.purgedSince(generation, o)) {
                return false;
            }
            Path file = layout.objectPath(WTinyLfuCache.hash(o.storageKey()), sequence.incrementAndGet());
            Path tmp = DiskLayout.temporary(file);
            byte[] bodyBytes = o.body();
            ByteBuffer head = DiskFormat.encodeHead(o, bodyBytes);
            long headLength = head.remaining();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (head.hasRemaining()) {
                    ch.write(head);
                }
                ByteBuffer body = ByteBuffer.wrap(bodyBytes);
                while (body.hasRemaining()) {
                    ch.write(body);
                }
                ch.force(true);
            } catch (IOException | RuntimeException ex) {
                deleteNow(tmp); // a full disk leaves a partial temporary file: give its space back at once
                throw ex;
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            DiskLayout.fsync(file.getParent());
            DiskEntry entry = new DiskEntry(stripBody(o), file, headLength, bodyBytes.length, generation);
            if (!publish(entry)) {
                Files.deleteIfExists(file);
                return false;
            }
            if (epochs.purgedSince(generation, o)) {
                // A purge recorded its epoch between the check and the publish: undo, durably.
                deleteNow(unpublishEntry(entry));
                return false;
            }
            return true;
        } finally {
            publishing.readLock().unlock();
        }
    }

    /** Adds an entry to the index, replacing any older file of the same key; false when it does not fit. */
    private boolean publish(DiskEntry e) {
        String key = e.meta().storageKey();
        long size = e.bodyOffset() + e.bodyLength();
        WTinyLfuCache.PutResult<DiskEntry> r = cache.put(key, e, size, WTinyLfuCache.hash(key), admitAll);
        // The copy this one replaced, as the cache saw it at the put: reading it before the put would let two
        // concurrent writes of one key both "replace" the same old file and leave one of theirs unaccounted.
        DiskEntry old = r.replaced();
        if (r.outcome() != WTinyLfuCache.Outcome.ADMITTED) {
            return false;
        }
        if (old != null && !old.file().equals(e.file())) {
            openFiles.forget(old.file());
            index.remove(old.meta());
            // At once, not later: were the newer copy purged and the process to crash, load would bring this back.
            deleteNow(old.file());
        }
        index.add(e.meta());
        varySpecs.put(e.meta().key().primary(), e.meta().varyNames());
        for (DiskEntry evicted : r.evicted()) {
            openFiles.forget(evicted.file());
            index.remove(evicted.meta());
            forgetVary(evicted.meta());
            deleteLater(evicted.file());
        }
        return true;
    }

    /** Removes an entry if it is still the one published, and deletes its file in the background. */
    private boolean unpublish(DiskEntry e) {
        Path file = unpublishEntry(e);
        if (file != null) {
            deleteLater(file);
        }
        return file != null;
    }

    /** Removes an entry from the indexes if it is still the one published; its file (to delete), or null. */
    private Path unpublishEntry(DiskEntry e) {
        String key = e.meta().storageKey();
        DiskEntry current = cache.get(key);
        if (current == null || !current.file().equals(e.file()) || !cache.remove(key, current)) {
            return null; // compare-and-remove: a newer copy published meanwhile stays
        }
        openFiles.forget(e.file());
        index.remove(e.meta());
        forgetVary(e.meta());
        return e.file();
    }

    /** Drops a primary key's Vary spec once no variant of it is left, so the map shrinks as objects go. */
    private void forgetVary(CachedObject gone) {
        if (!index.hasPrimary(gone)) {
            varySpecs.remove(gone.key().primary());
        }
    }

    public boolean remove(String storageKey) {
        DiskEntry e = cache.get(storageKey);
        return e != null && unpublish(e);
    }

    /**
     * Purges the keys a selector picks, durably: a hard purge deletes the files before returning, a soft one
     * rewrites them marked stale (unless a later purge named them meanwhile: then they go). Blocking I/O: never
     * call from an event loop. Returns the storage keys it purged.
     */
    Set<String> purge(Function<UrlTagIndex, List<String>> selector, boolean soft) {
        Set<String> purged = new HashSet<>();
        List<Path> delete = new java.util.ArrayList<>();
        publishing.writeLock().lock();
        try {
            long epoch = epochs.now();
            for (String key : selector.apply(index)) {
                DiskEntry e = cache.get(key);
                if (e == null) {
                    continue;
                }
                if (!soft || !rewriteInvalidated(e, epoch)) {
                    Path file = unpublishEntry(e);
                    if (file != null) {
                        delete.add(file);
                    }
                }
                purged.add(key);
            }
            Set<Path> parents = new HashSet<>();
            for (Path file : delete) {
                deleteNow(file);
                parents.add(file.getParent());
            }
            parents.forEach(DiskLayout::fsync);
        } finally {
            publishing.writeLock().unlock();
        }
        return purged;
    }

    /** Rewrites an object's file marked stale, at once; false when it could not be (read failed, purged since). */
    private boolean rewriteInvalidated(DiskEntry e, long epoch) {
        if (e.meta().invalidated()) {
            return true;
        }
        try {
            DiskEntry full = readFully(e.file());
            return full != null && writeNow(full.meta().markInvalidated(), epoch);
        } catch (IOException | RuntimeException ex) {
            log.warn("disk tier: cannot mark {} stale, dropping it: {}", e.file(), ex.toString());
            return false;
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

    private void deleteNow(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file, e.toString());
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

    /** Objects found torn or corrupt (at start, or when first read or sent), deleted and answered as misses. */
    public long corruptObjects() {
        return corrupt.get();
    }

    /** Files opened to send a disk hit's body (a hit whose file was already open opens none). */
    public long fileOpens() {
        return fileOpens.get();
    }

    /** Files kept open for the next hits now (at most {@link OpenFiles#DEFAULT_MAX_FILES}). */
    public long openFiles() {
        return openFiles.size();
    }

    /** Writes that failed on I/O (a full disk among them); those objects stayed in RAM only. */
    public long failedWrites() {
        return failedWrites.get();
    }

    /** Writes accepted but not yet finished. */
    public long pendingWrites() {
        return pending.get();
    }

    public long bytes() {
        return cache.weightedSize();
    }

    public long objectCount() {
        return cache.size();
    }

    /**
     * Lets the writes already accepted finish (each is a temporary file renamed into place), so a node that stops
     * leaves no file being written behind it; bounded, so a stuck disk cannot hold a shutdown. Never on an event loop.
     */
    @Override
    public void close() {
        openFiles.forgetAll();
        try {
            io.disposeGracefully().timeout(java.time.Duration.ofSeconds(10)).block();
        } catch (RuntimeException stuck) {
            io.dispose();
        }
    }
}
