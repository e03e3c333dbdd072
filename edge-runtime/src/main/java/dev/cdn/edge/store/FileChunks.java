package dev.cdn.edge.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** A region of an open file as a stream of chunks, read on the bounded-elastic scheduler, never on an event loop. */
final class FileChunks {

    static final int CHUNK = 64 * 1024;

    private FileChunks() {
    }

    /** Reads {@code count} bytes from {@code position}, a chunk per demand; closes the channel when done. */
    static Flux<ByteBuf> read(FileChannel channel, long position, long count) {
        return Flux.<ByteBuf, Long>generate(() -> 0L, (done, sink) -> {
                    if (done >= count) {
                        sink.complete();
                        return done;
                    }
                    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, count - done));
                    try {
                        while (buf.hasRemaining()) {
                            if (channel.read(buf, position + done + buf.position()) < 0) {
                                throw new EOFException("the cached file ended before its body did");
                            }
                        }
                    } catch (IOException e) {
                        sink.error(new UncheckedIOException(e));
                        return done;
                    }
                    buf.flip();
                    sink.next(Unpooled.wrappedBuffer(buf));
                    return done + buf.remaining();
                })
                // Requests are re-dispatched to the worker too, so every read runs there.
                .subscribeOn(Schedulers.boundedElastic())
                .doFinally(signal -> closeQuietly(channel));
    }

    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // opened read-only: closing it cannot lose data
        }
    }
}
