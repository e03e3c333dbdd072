package dev.cdn.edge.store;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.util.IllegalReferenceCountException;
import java.nio.channels.FileChannel;

/**
 * A body in one reference-counted direct buffer (see {@link DirectBodies}). The RAM tier holds one reference while
 * the object is resident; each request serving it pins one more, and each slice sent on the wire one more, so an
 * eviction in the middle of a send frees nothing until the last byte is written. The buffer is never pooled and
 * never recycled, so pinning one already released fails cleanly instead of landing on someone else's bytes. A large
 * body may be a memory-backed file's mapping instead ({@link MemoryFiles}): the same counting, plus {@link #region}
 * for sendfile, a region holding a reference as a slice does.
 */
public final class DirectBody implements Body {

    private final ByteBuf buf;
    private final int length;
    /** The memory-backed file holding the bytes, or null for a plain direct buffer; and the files it is one of. */
    private final FileChannel file;
    private final MemoryFiles files;

    DirectBody(ByteBuf buf) {
        this(buf, null, null);
    }

    DirectBody(ByteBuf buf, FileChannel file, MemoryFiles files) {
        this.buf = buf;
        this.length = buf.readableBytes();
        this.file = file;
        this.files = files;
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

    /** Whether the bytes are in a memory-backed file, so that {@link #region} can send them with sendfile. */
    public boolean inFile() {
        return file != null;
    }

    /**
     * {@code count} bytes from {@code first} as a region of the body's file, for sendfile (plain TCP only); it holds one
     * reference to the body until it is written, like a slice. Only when {@link #inFile()}.
     */
    public FileRegion region(long first, long count) {
        buf.retain();
        files.regionSent();
        return new BodyRegion(file, first, count, buf);
    }

    /** A region of a body's file that lets go of its reference to the body, not of the file, once written. */
    private static final class BodyRegion extends DefaultFileRegion {
        private final ByteBuf owner;

        BodyRegion(FileChannel file, long position, long count, ByteBuf owner) {
            super(file, position, count);
            this.owner = owner;
        }

        @Override
        protected void deallocate() {
            owner.release();
        }
    }

    /** Drops the RAM tier's own reference (the object left the tier). */
    void release() {
        buf.release();
    }

    int refCnt() {
        return buf.refCnt();
    }
}
