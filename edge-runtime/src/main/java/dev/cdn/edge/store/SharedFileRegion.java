package dev.cdn.edge.store;

import io.netty.channel.DefaultFileRegion;

/**
 * A region of a {@link SharedFile}, sent with sendfile like any {@link DefaultFileRegion} (the transport reads the
 * channel's descriptor), but letting go of its reference when written instead of closing a channel others still use.
 */
final class SharedFileRegion extends DefaultFileRegion {

    private final SharedFile file;

    /** Takes over one reference the caller holds on {@code file}. */
    SharedFileRegion(SharedFile file, long position, long count) {
        super(file.channel(), position, count);
        this.file = file;
    }

    @Override
    protected void deallocate() {
        file.release();
    }
}
