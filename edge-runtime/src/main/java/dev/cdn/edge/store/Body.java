package dev.cdn.edge.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A stored object's body: on the heap (as a fill or a disk read produced it) or in direct memory (as the RAM tier
 * keeps it, see {@link DirectBodies}). A hit sends a slice of it; a direct body is sent as it is, with no copy.
 */
public sealed interface Body permits Body.Heap, DirectBody {

    int length();

    /** The bytes on the heap (a copy for a direct body): for the disk writer and checksums. */
    byte[] bytes();

    /**
     * Pins the body for one request: false when it was released meanwhile (the object left the RAM tier between the
     * lookup and now), in which case the request treats it as a miss. Each true must be matched by {@link #unpin()}.
     */
    boolean pin();

    void unpin();

    /** A buffer of {@code count} bytes from {@code first} for the wire; the caller (the channel) releases it. */
    ByteBuf slice(int first, int count);

    /** Whether it lives in direct memory, accounted by {@link DirectBodies}. */
    boolean direct();

    static Body heap(byte[] bytes) {
        return new Heap(bytes);
    }

    /** A heap body: nothing to pin or release; sent by wrapping the array (Netty then copies it to the socket). */
    record Heap(byte[] bytes) implements Body {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public boolean pin() {
            return true;
        }

        @Override
        public void unpin() {
        }

        @Override
        public ByteBuf slice(int first, int count) {
            return Unpooled.wrappedBuffer(bytes, first, count);
        }

        @Override
        public boolean direct() {
            return false;
        }
    }
}
