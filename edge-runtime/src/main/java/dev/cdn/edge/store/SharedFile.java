package dev.cdn.edge.store;

import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A read-only open file shared by the open-file cache and the responses sending from it, counted by reference:
 * closed (through {@code closer}, off the event loop) when the last holder lets go. Reads of it are positional
 * (sendfile with an offset, {@code read(buf, position)}), so holders never disturb one another.
 */
final class SharedFile {

    private final FileChannel channel;
    private final Consumer<FileChannel> closer;
    private final AtomicInteger refs = new AtomicInteger(1);
    /**
     * Used since the open-file cache's last sweep. A plain field: hits on several event loops set it and a sweep clears
     * it without ordering, and a lost update only changes which file a sweep lets go of first.
     */
    private boolean used;

    /** Starts with one reference, the creator's. */
    SharedFile(FileChannel channel, Consumer<FileChannel> closer) {
        this.channel = channel;
        this.closer = closer;
    }

    FileChannel channel() {
        return channel;
    }

    /** One more reference, unless the file was already let go of (then it must be opened afresh). */
    boolean tryRetain() {
        for (;;) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            closer.accept(channel);
        } else if (n < 0) {
            throw new IllegalStateException("a shared file was released more times than it was retained");
        }
    }

    void markUsed() {
        if (!used) {
            used = true; // written only when it changes, so hits on a hot file do not keep dirtying its cache line
        }
    }

    /** Clears the used mark; whether it was set. */
    boolean clearUsed() {
        boolean was = used;
        used = false;
        return was;
    }
}
