package dev.cdn.edge.store;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Large RAM-tier bodies kept in memory-backed files (a tmpfs directory such as {@code /dev/shm}) instead of plain
 * direct buffers, so that a hit over plain TCP is sent with {@code sendfile(2)} from the file's pages: {@code writev}
 * from a direct buffer copies the whole body into socket buffers, which for a 100 KiB hit was 39 % of the edge's CPU
 * (docs/benchmarks.md, runs O and P). The same bytes are mapped into memory for what needs them in user space (TLS,
 * HTTP/2, in-process callers, the disk writer), so each body is held once.
 *
 * <p>Each file is unlinked as soon as it is opened: it lives exactly as long as its descriptor, which closes when the
 * body's last reference is released, and a crash leaves nothing behind. Nothing else can reach the file, so it is
 * never cut short under a send (unlike a disk-tier file, whose length is checked before each hit). The body is written
 * with {@code write(2)} before it is mapped, so a full tmpfs is an {@link IOException} here (the body is then kept in
 * a direct buffer instead, and counted), never a fault on a mapped page. Files in tmpfs do no disk I/O, so making one
 * on an event loop costs system calls, not waiting.
 */
public final class MemoryFiles {

    /** Bodies from this size go to files; below it, the extra system call of a file hit costs more than the copy saved. */
    public static final int DEFAULT_FROM_BYTES = 64 * 1024;

    private final Path dir;
    private final int fromBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final LongAdder regions = new LongAdder();

    public MemoryFiles(Path dir, int fromBytes) {
        this.dir = dir;
        this.fromBytes = fromBytes;
    }

    /** Whether a body of {@code length} bytes belongs in a file. */
    boolean wants(int length) {
        return length >= fromBytes;
    }

    /** The body in a new file, or null (counted) when the file cannot be made or filled (a full tmpfs, say). */
    DirectBody copyOf(byte[] body) {
        Path path = null;
        FileChannel channel = null;
        try {
            path = Files.createTempFile(dir, "body-", ".tmp");
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(path);
            path = null;
            ByteBuffer src = ByteBuffer.wrap(body);
            while (src.hasRemaining()) {
                channel.write(src);
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, body.length);
            bytes.addAndGet(body.length);
            return new DirectBody(new Mapped(mapped, channel, this), channel, this);
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            if (channel != null) {
                FileChunks.closeQuietly(channel);
            }
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // an unlinked name left in a tmpfs directory: bytes only, gone at reboot
                }
            }
            return null;
        }
    }

    /** Bytes held in files now (resident bodies, and evicted ones still being sent). */
    public long usedBytes() {
        return bytes.get();
    }

    /** Bodies that could not be put in a file and went to a direct buffer instead. */
    public long failedFiles() {
        return failed.get();
    }

    /** Responses (or ranges) sent from a file with sendfile. */
    public long regionsSent() {
        return regions.sum();
    }

    void regionSent() {
        regions.increment();
    }

    public Path dir() {
        return dir;
    }

    /**
     * A file's mapping as a Netty buffer whose reference count is the body's: when the last reference goes, the
     * mapping is unmapped and the file closed (which frees its pages).
     */
    private static final class Mapped extends UnpooledUnsafeDirectByteBuf {

        private final MappedByteBuffer mapping;
        private final FileChannel channel;
        private final MemoryFiles files;
        private final int length;

        Mapped(MappedByteBuffer mapping, FileChannel channel, MemoryFiles files) {
            super(UnpooledByteBufAllocator.DEFAULT, mapping, mapping.capacity());
            this.mapping = mapping;
            this.channel = channel;
            this.files = files;
            this.length = mapping.capacity();
            writerIndex(length);
        }

        @Override
        protected void deallocate() {
            super.deallocate(); // frees nothing itself: the buffer is not its own
            PlatformDependent.freeDirectBuffer(mapping); // unmaps now, rather than when the collector finds it
            FileChunks.closeQuietly(channel);
            files.bytes.addAndGet(-length);
        }
    }
}
