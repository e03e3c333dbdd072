package dev.cdn.edge.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.OutOfDirectMemoryError;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * A region of an open file as a stream of chunks in pooled direct buffers, read on {@link FileReaders}, never on an
 * event loop (for TLS, which must encrypt every byte; plain HTTP sends a file region instead).
 */
final class FileChunks {

    static final int CHUNK = 64 * 1024;

    private static final int NOT_STARTED = 0;
    private static final int READING = 1;
    private static final int ABANDONED = 2;

    private FileChunks() {
    }

    /**
     * Reads {@code count} bytes from {@code position}, a chunk per demand, and runs {@code done} exactly once when no
     * read of the channel will follow: after the last read (the body sent, a read failed, or the reader left and its
     * read in flight returned), or at once if the reader leaves before the first read. Never earlier: the caller's
     * release may close a channel a read still uses, and that read would fail for no one.
     */
    static Flux<ByteBuf> read(FileChannel channel, long position, long count, Runnable done) {
        AtomicInteger phase = new AtomicInteger(NOT_STARTED);
        return Flux.<ByteBuf, Long>generate(
                // A reader that left before this ran was let go of already: nothing to read.
                () -> phase.compareAndSet(NOT_STARTED, READING) ? 0L : count,
                (read, sink) -> readChunk(channel, position, count, read, sink),
                // Called after the generator's last call, on completion, error or a cancel.
                read -> {
                    if (phase.get() == READING) {
                        done.run();
                    }
                })
                // Requests are re-dispatched to the worker too, so every read runs there.
                .subscribeOn(FileReaders.scheduler())
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease)
                .doFinally(signal -> {
                    if (phase.compareAndSet(NOT_STARTED, ABANDONED)) {
                        done.run(); // left (or failed) before the reads began: the generator never held the file
                    }
                });
    }

    private static Long readChunk(FileChannel channel, long position, long count, Long done,
            SynchronousSink<ByteBuf> sink) {
        if (done >= count) {
            sink.complete();
            return done;
        }
        int n = (int) Math.min(CHUNK, count - done);
        ByteBuf buf = allocate(n);
        try {
            while (buf.isWritable()) {
                if (buf.writeBytes(channel, position + done + buf.writerIndex(), buf.writableBytes()) < 0) {
                    throw new EOFException("the cached file ended before its body did");
                }
            }
        } catch (IOException e) {
            buf.release();
            sink.error(new UncheckedIOException(e));
            return done;
        }
        sink.next(buf);
        return done + n;
    }

    /**
     * A pooled direct buffer: the file is read straight into it (a heap buffer would make the JDK read into a
     * temporary direct one and copy), and the TLS encoder reads it from there. With no direct memory to spare, a heap
     * buffer: the hit is still answered.
     */
    private static ByteBuf allocate(int n) {
        try {
            return ByteBufAllocator.DEFAULT.directBuffer(n, n);
        } catch (OutOfDirectMemoryError full) {
            return Unpooled.buffer(n, n);
        }
    }

    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to lose: the disk tier's files are opened read-only here, a memory file is unlinked
        }
    }
}
