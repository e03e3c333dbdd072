package dev.cdn.edge.store;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;
import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A disk hit's body, opened for one response (the request path never sees the file or its channel). Holding the open channel keeps the bytes readable even if a purge or
 * an eviction deletes the file meanwhile. The channel is closed once the body has been sent, or by {@link #close()}
 * when none is (HEAD, 304, 416).
 */
public final class OpenBody {

    private final FileChannel channel;
    private final long offset;
    private final long length;

    OpenBody(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.offset = offset;
        this.length = length;
    }

    public long length() {
        return length;
    }

    /**
     * {@code count} bytes from {@code first} as a FileRegion: sent with sendfile where the transport allows, the body
     * never entering the JVM (plain TCP only). The channel is closed when the region has been written.
     */
    public Mono<DefaultFileRegion> region(long first, long count) {
        return Mono.just(new DefaultFileRegion(channel, offset + first, count));
    }

    /**
     * {@code count} bytes from {@code first} read in chunks off the event loop: for TLS, which must encrypt every byte
     * in user space anyway. The channel is closed when the last chunk is read or the send is cancelled.
     */
    public Flux<ByteBuf> chunks(long first, long count) {
        return FileChunks.read(channel, offset + first, count);
    }

    public void close() {
        FileChunks.closeQuietly(channel);
    }
}
