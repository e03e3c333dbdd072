package dev.cdn.edge.store;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A disk hit's body, opened for one response (the request path never sees the file or its channel). Holding the open file keeps the bytes readable even if a purge or
 * an eviction deletes the file meanwhile. The body holds one reference to the (shared) open file, let go of once the
 * body has been sent, or by {@link #close()} when none is (HEAD, 304, 416).
 */
public final class OpenBody {

    private final SharedFile file;
    private final long offset;
    private final long length;

    OpenBody(SharedFile file, long offset, long length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
    }

    public long length() {
        return length;
    }

    /**
     * {@code count} bytes from {@code first} as a FileRegion: sent with sendfile where the transport allows, the body
     * never entering the JVM (plain TCP only). The body's reference goes with the region, let go of once it is written.
     */
    public Mono<DefaultFileRegion> region(long first, long count) {
        return Mono.just(new SharedFileRegion(file, offset + first, count));
    }

    /**
     * {@code count} bytes from {@code first} read in chunks off the event loop: for TLS, which must encrypt every byte
     * in user space anyway. The body's reference is let go of once no read of it will follow: the last chunk read,
     * a read failed, or the send cancelled and its read in flight returned.
     */
    public Flux<ByteBuf> chunks(long first, long count) {
        return FileChunks.read(file.channel(), offset + first, count, file::release);
    }

    /** Lets go of the file when no body is sent. */
    public void close() {
        file.release();
    }
}
