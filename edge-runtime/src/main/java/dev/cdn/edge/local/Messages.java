package dev.cdn.edge.local;

import dev.cdn.edge.store.FileReaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/** The request path's outbound messages as bytes, for a caller that reads them instead of a socket. */
public final class Messages {

    private Messages() {
    }

    /**
     * A message as a buffer. A file region (a disk hit's zero-copy send) is read into memory off the event loop, on
     * {@link FileReaders} (its file may be shared with other responses, which an interrupted read would close): there
     * is no socket to transfer it to. The region is let go of once read, or when the reader leaves before the read.
     */
    public static Mono<ByteBuf> asBuffer(Object message) {
        if (message instanceof ByteBuf buf) {
            return Mono.just(buf);
        }
        if (message instanceof DefaultFileRegion region) {
            AtomicBoolean taken = new AtomicBoolean(); // by the read or by a cancel, whichever comes first
            return Mono.fromCallable(() -> taken.compareAndSet(false, true) ? read(region) : null)
                    .subscribeOn(FileReaders.scheduler())
                    .doOnCancel(() -> {
                        if (taken.compareAndSet(false, true)) {
                            region.release();
                        }
                    });
        }
        ReferenceCountUtil.release(message);
        return Mono.error(new IllegalArgumentException("cannot read " + message.getClass().getName() + " as bytes"));
    }

    private static ByteBuf read(DefaultFileRegion region) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(region.count(), 1 << 20));
            WritableByteChannel channel = Channels.newChannel(out);
            long done = 0;
            while (done < region.count()) {
                long n = region.transferTo(channel, done);
                if (n <= 0) {
                    throw new IOException("the stored file ended early");
                }
                done += n;
            }
            return Unpooled.wrappedBuffer(out.toByteArray());
        } finally {
            region.release();
        }
    }
}
