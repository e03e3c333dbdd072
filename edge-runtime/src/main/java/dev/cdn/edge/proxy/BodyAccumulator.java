package dev.cdn.edge.proxy;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Copies a streamed body into one array up to a limit; past the limit it stops copying and reports overflow, so
 * an object too large to store streams through without being held in memory.
 */
final class BodyAccumulator {

    private final long limit;
    private byte[] bytes = new byte[1024];
    private int size;
    private boolean overflow;

    BodyAccumulator(long limit) {
        this.limit = limit;
    }

    void add(ByteBuf buf) {
        int n = buf.readableBytes();
        if (overflow || n == 0) {
            return;
        }
        if ((long) size + n > limit) {
            overflow = true;
            bytes = null;
            return;
        }
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + n, Math.min(Integer.MAX_VALUE - 8, bytes.length * 2)));
        }
        buf.getBytes(buf.readerIndex(), bytes, size, n);
        size += n;
    }

    boolean overflow() {
        return overflow;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }
}
