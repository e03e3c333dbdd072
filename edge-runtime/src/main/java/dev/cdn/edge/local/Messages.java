package dev.cdn.edge.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The request path's outbound messages as bytes, for a caller that reads them instead of a socket. */
public final class Messages {

    private Messages() {
    }

    /**
     * A message as a buffer. A file region (a disk hit's zero-copy send) is read into memory off the event loop:
     * there is no socket to transfer it to.
     */
    public static Mono<ByteBuf> asBuffer(Object message) {
        if (message instanceof ByteBuf buf) {
            return Mono.just(buf);
        }
        if (message instanceof DefaultFileRegion region) {
            return Mono.fromCallable(() -> read(region)).subscribeOn(Schedulers.boundedElastic());
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
