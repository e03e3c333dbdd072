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
import reactor.core.publisher.Flux;

/**
 * A region of an open file as a stream of chunks in pooled direct buffers, read on {@link FileReaders}, never on an
 * event loop (for TLS, which must encrypt every byte; plain HTTP sends a file region instead).
 */
final class FileChunks {

    static final int CHUNK = 64 * 1024;

    private FileChunks() {
    }

    /** Reads {@code count} bytes from {@code position}, a chunk per demand; the caller closes the channel. */
    static Flux<ByteBuf> read(FileChannel channel, long position, long count) {
        return Flux.<ByteBuf, Long>generate(() -> 0L, (done, sink) -> {
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
                })
                // Requests are re-dispatched to the worker too, so every read runs there.
                .subscribeOn(FileReaders.scheduler())
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
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
