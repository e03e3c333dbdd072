package dev.cdn.edge.coalesce;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The body of a storable response while it streams in from upstream (read-while-write): the writer appends each
 * chunk once, every coalesced reader replays it from the first byte as it arrives, and the completed chunks become
 * the stored object. Memory is bounded by the service's object-size limit: past it the stream fails for readers
 * (who then see a reset) and stops holding bytes, while the writer's own client keeps streaming from upstream
 * (see {@link FillPump}).
 */
public final class FillStream {

    /** The body outgrew the object-size limit: it will not be stored, and coalesced readers cannot finish it. */
    public static final class TooLarge extends IllegalStateException {
        TooLarge(long limit) {
            super("body exceeds the object-size limit of " + limit + " bytes");
        }
    }

    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final long contentLength;
    private final long limit;
    // The chunks are shared by the replay buffer and the stored object; each byte is copied off the wire once.
    private final Sinks.Many<byte[]> sink = Sinks.many().replay().all();
    private final List<byte[]> chunks = new ArrayList<>();
    private long size;
    private boolean done;

    /**
     * @param headers       the response headers as they will be stored (no hop-by-hop fields, no Content-Length)
     * @param contentLength the upstream Content-Length, or -1 when the body is chunked
     */
    public FillStream(int status, List<Map.Entry<String, String>> headers, long contentLength, long limit) {
        this.status = status;
        this.headers = headers;
        this.contentLength = contentLength;
        this.limit = limit;
    }

    public int status() {
        return status;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    public long contentLength() {
        return contentLength;
    }

    /** Copies a chunk for the readers and the store; false (once and ever after) when past the size limit. */
    public synchronized boolean append(ByteBuf buf) {
        if (done) {
            return false;
        }
        int n = buf.readableBytes();
        if (size + n > limit) {
            fail(new TooLarge(limit));
            return false;
        }
        if (n == 0) {
            return true;
        }
        byte[] copy = new byte[n];
        buf.getBytes(buf.readerIndex(), copy);
        chunks.add(copy);
        size += n;
        sink.tryEmitNext(copy);
        return true;
    }

    /** The body is complete: readers finish, and {@link #toArray()} holds the whole body. */
    public synchronized void complete() {
        if (!done) {
            done = true;
            sink.tryEmitComplete();
        }
    }

    /** The body will not complete (upstream error, writer gone, too large); readers see the error. Idempotent. */
    public synchronized void fail(Throwable error) {
        if (!done) {
            done = true;
            chunks.clear();
            sink.tryEmitError(error);
        }
    }

    /** The body from its first byte, then as it arrives; errors if the fill fails. */
    public Flux<ByteBuf> body() {
        return sink.asFlux().map(Unpooled::wrappedBuffer);
    }

    public synchronized long size() {
        return size;
    }

    /** The whole body, once {@link #complete()} has been called. */
    public synchronized byte[] toArray() {
        byte[] out = new byte[(int) size];
        int pos = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, out, pos, c.length);
            pos += c.length;
        }
        return out;
    }
}
