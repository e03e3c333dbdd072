package dev.cdn.edge.store;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;

/**
 * A body in one reference-counted direct buffer (see {@link DirectBodies}). The RAM tier holds one reference while
 * the object is resident; each request serving it pins one more, and each slice sent on the wire one more, so an
 * eviction in the middle of a send frees nothing until the last byte is written. The buffer is never pooled and
 * never recycled, so pinning one already released fails cleanly instead of landing on someone else's bytes.
 */
public final class DirectBody implements Body {

    private final ByteBuf buf;
    private final int length;

    DirectBody(ByteBuf buf) {
        this.buf = buf;
        this.length = buf.readableBytes();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public byte[] bytes() {
        byte[] copy = new byte[length];
        buf.getBytes(0, copy);
        return copy;
    }

    @Override
    public boolean pin() {
        try {
            buf.retain();
            return true;
        } catch (IllegalReferenceCountException released) {
            return false;
        }
    }

    @Override
    public void unpin() {
        buf.release();
    }

    @Override
    public ByteBuf slice(int first, int count) {
        return buf.retainedSlice(first, count);
    }

    @Override
    public boolean direct() {
        return true;
    }

    /** Drops the RAM tier's own reference (the object left the tier). */
    void release() {
        buf.release();
    }

    int refCnt() {
        return buf.refCnt();
    }
}
