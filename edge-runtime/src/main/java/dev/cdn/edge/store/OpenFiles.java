package dev.cdn.edge.store;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The disk tier's open files, kept open between hits (nginx's {@code open_file_cache}, on by default here): a disk hit
 * whose file is already open is answered without opening it again and without leaving the event loop, which costs
 * an open, a stat and a close and two thread hand-offs per hit otherwise. Bounded in files (file descriptors): past
 * the bound, files not used since the last sweep are let go of first (second chance, like a clock). An object leaving
 * the index (purge, eviction, replacement, damage) is forgotten at once, so a deleted file's space is given back as
 * soon as the responses still sending it are done.
 *
 * <p>{@link #retain} and {@link #forget} never wait (a map lookup or removal and a reference count), so event loops
 * may call them; {@link #keep}, which may sweep, runs on the disk tier's own threads.
 */
final class OpenFiles {

    /** How many files stay open at most: the hot set of large objects, well under a process's descriptor limit. */
    static final int DEFAULT_MAX_FILES = 1024;

    private final Map<Path, SharedFile> files = new ConcurrentHashMap<>();
    private final int maxFiles;
    private final Consumer<FileChannel> closer;

    /** @param closer closes a file no one holds any more (the disk tier runs it on its own threads) */
    OpenFiles(int maxFiles, Consumer<FileChannel> closer) {
        this.maxFiles = maxFiles;
        this.closer = closer;
    }

    /** The file, already open, with a reference for the caller; null when it is not open. No I/O: event-loop safe. */
    SharedFile retain(Path path) {
        SharedFile file = files.get(path);
        if (file == null || !file.tryRetain()) {
            return null;
        }
        file.markUsed();
        return file;
    }

    /** Keeps a file the caller has just opened; returns it with a reference for the caller (the cache holds another). */
    SharedFile keep(Path path, FileChannel channel) {
        SharedFile file = new SharedFile(channel, closer);
        file.tryRetain();
        file.markUsed();
        SharedFile replaced = files.put(path, file);
        if (replaced != null) {
            replaced.release(); // a copy opened by a concurrent hit
        }
        if (files.size() > maxFiles) {
            sweep();
        }
        return file;
    }

    /** Lets go of files not used since the last sweep (clearing the mark of the others) until within the bound. */
    private synchronized void sweep() {
        // Two passes at most: the first clears every mark it passes, so the second finds files to let go of.
        for (int pass = 0; pass < 2 && files.size() > maxFiles; pass++) {
            Iterator<Map.Entry<Path, SharedFile>> it = files.entrySet().iterator();
            while (it.hasNext() && files.size() > maxFiles) {
                Map.Entry<Path, SharedFile> e = it.next();
                SharedFile file = e.getValue();
                if (!file.clearUsed() && files.remove(e.getKey(), file)) {
                    file.release();
                }
            }
        }
    }

    /** Closes the file once the responses sending it are done; later hits open it afresh (or miss, when it is gone). */
    void forget(Path path) {
        SharedFile file = files.remove(path);
        if (file != null) {
            file.release();
        }
    }

    void forgetAll() {
        for (Path path : files.keySet()) {
            forget(path);
        }
    }

    /** Files open now; for tests and metrics. */
    long size() {
        return files.size();
    }
}
