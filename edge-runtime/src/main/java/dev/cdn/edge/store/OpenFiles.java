package dev.cdn.edge.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The disk tier's open files, kept open between hits (nginx's {@code open_file_cache}, on by default here): a disk hit
 * whose file is already open is answered without opening it again and without leaving the event loop, which costs
 * an open, a stat and a close and two thread hand-offs per hit otherwise. Bounded in files (file descriptors); an
 * object leaving the index (purge, eviction, replacement, damage) is forgotten at once, so a deleted file's space is
 * given back as soon as the responses still sending it are done.
 */
final class OpenFiles {

    /** How many files stay open at most: the hot set of large objects, well under a process's descriptor limit. */
    static final int DEFAULT_MAX_FILES = 1024;

    private final Cache<Path, SharedFile> files;
    private final Consumer<FileChannel> closer;

    /** @param closer closes a file no one holds any more (the disk tier runs it on its own threads) */
    OpenFiles(int maxFiles, Consumer<FileChannel> closer) {
        this.closer = closer;
        this.files = Caffeine.newBuilder()
                .maximumSize(maxFiles)
                .executor(Runnable::run) // the cache's own reference is let go of at once, on the thread that drops it
                .<Path, SharedFile>removalListener((path, file, cause) -> {
                    if (file != null) {
                        file.release();
                    }
                })
                .build();
    }

    /** The file, already open, with a reference for the caller; null when it is not open. No I/O: event-loop safe. */
    SharedFile retain(Path path) {
        SharedFile file = files.getIfPresent(path);
        return file != null && file.tryRetain() ? file : null;
    }

    /** Keeps a file the caller has just opened; returns it with a reference for the caller (the cache holds another). */
    SharedFile keep(Path path, FileChannel channel) {
        SharedFile file = new SharedFile(channel, closer);
        file.tryRetain();
        files.put(path, file); // a copy opened by a concurrent hit is let go of by the removal listener
        return file;
    }

    /** Closes the file once the responses sending it are done; later hits open it afresh (or miss, when it is gone). */
    void forget(Path path) {
        files.invalidate(path);
    }

    void forgetAll() {
        files.invalidateAll();
    }

    /** Files open now; for tests and metrics. */
    long size() {
        files.cleanUp();
        return files.estimatedSize();
    }
}
