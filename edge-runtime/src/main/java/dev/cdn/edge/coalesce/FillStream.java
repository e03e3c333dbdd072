package dev.cdn.edge.coalesce;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import dev.cdn.edge.memory.ByteBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The body of a storable response while it streams in from upstream (read-while-write): the writer appends each
 * chunk once, every coalesced reader replays it from the first byte as it arrives, and the completed chunks become
 * the stored object. Memory is bounded twice: by the service's object-size limit, and by the node's fill budget
 * (a {@link ByteBudget} over all fills: a fill reserves its Content-Length before it buffers a byte, a chunked body
 * chunk by chunk). Past either the stream fails for readers (who then see a reset) and stops
 * holding bytes, while the writer's own client keeps streaming from upstream (see {@link FillPump}). The bytes stay
 * reserved in the budget until the stream is done and its last reader has finished, since a slow reader keeps the
 * replayed chunks alive until then.
 */
public final class FillStream {

    /** The body outgrew the object-size limit: it will not be stored, and coalesced readers cannot finish it. */
    public static class TooLarge extends IllegalStateException {
        TooLarge(long limit) {
            super("body exceeds the object-size limit of " + limit + " bytes");
        }

        TooLarge(String message) {
            super(message);
        }
    }

    /** The body did not fit the node's fill budget: handled as {@link TooLarge}, but no fault of the object's. */
    public static final class OverBudget extends TooLarge {
        OverBudget(long budget) {
            super("bodies being filled would exceed the node's fill budget of " + budget + " bytes");
        }
    }

    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final long contentLength;
    private final long limit;
    private final ByteBudget budget;
    // Guarded by this: bytes taken from the budget, readers subscribed and not finished.
    private long reserved;
    private int readers;
    private boolean overBudget;
    // The chunks are shared by the replay buffer and the stored object; each byte is copied off the wire once.
    private final Sinks.Many<byte[]> sink = Sinks.many().replay().all();
    private final List<byte[]> chunks = new ArrayList<>();
    private long size;
    private boolean done;

    /**
     * @param headers       the response headers as they will be stored (no hop-by-hop fields, no Content-Length)
     * @param contentLength the upstream Content-Length, or -1 when the body is chunked
     */
    private FillStream(ByteBudget budget, int status, List<Map.Entry<String, String>> headers, long contentLength,
                       long limit) {
        this.budget = budget;
        this.status = status;
        this.headers = headers;
        this.contentLength = contentLength;
        this.limit = limit;
    }

    /**
     * A stream for a body to buffer, or null when its known length does not fit {@code budget} now (the refusal is
     * counted; the caller streams the body through unbuffered). A chunked body reserves as its chunks arrive.
     *
     * @param headers       the response headers as they will be stored (no hop-by-hop fields, no Content-Length)
     * @param contentLength the upstream Content-Length, or -1 when the body is chunked
     */
    public static FillStream open(ByteBudget budget, int status, List<Map.Entry<String, String>> headers,
                                  long contentLength, long limit) {
        FillStream s = new FillStream(budget, status, headers, contentLength, limit);
        if (contentLength > 0) {
            if (!budget.tryReserve(contentLength)) {
                return null;
            }
            s.reserved = contentLength;
        }
        return s;
    }

    /** Whether the stream failed because the node's fill budget was in use (not because the object is too large). */
    public synchronized boolean overBudget() {
        return overBudget;
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

    /**
     * Copies a chunk for the readers and the store; null when it did, else why not (past the size limit or the
     * budget). A refused chunk does not end the stream: the caller {@link #fail}s it with the reason once it has
     * kept the chunk for the writer's client, because failing may run that client's switch to the rest of the
     * body right away, on this thread.
     */
    public synchronized TooLarge append(ByteBuf buf) {
        if (done) {
            return new TooLarge("the body stream already ended");
        }
        int n = buf.readableBytes();
        if (size + n > limit) {
            return new TooLarge(limit);
        }
        if (n == 0) {
            return null;
        }
        if (size + n > reserved) {
            long more = size + n - reserved;
            if (!budget.tryReserve(more)) {
                overBudget = true;
                return new OverBudget(budget.maxBytes());
            }
            reserved += more;
        }
        byte[] copy = new byte[n];
        buf.getBytes(buf.readerIndex(), copy);
        chunks.add(copy);
        size += n;
        sink.tryEmitNext(copy);
        return null;
    }

    /** The body is complete: readers finish, and {@link #toArray()} holds the whole body. */
    public synchronized void complete() {
        if (!done) {
            done = true;
            sink.tryEmitComplete();
            releaseIfUnread();
        }
    }

    /** The body will not complete (upstream error, writer gone, too large); readers see the error. Idempotent. */
    public synchronized void fail(Throwable error) {
        if (!done) {
            done = true;
            chunks.clear();
            sink.tryEmitError(error);
            releaseIfUnread();
        }
    }

    /** The body from its first byte, then as it arrives; errors if the fill fails. */
    public Flux<ByteBuf> body() {
        return Flux.defer(() -> {
            synchronized (this) {
                readers++;
            }
            return sink.asFlux().map(Unpooled::wrappedBuffer).doFinally(signal -> readerDone());
        });
    }

    private synchronized void readerDone() {
        readers--;
        releaseIfUnread();
    }

    /** Done and nobody reading the replayed chunks any more: their bytes go back to the budget. */
    private void releaseIfUnread() {
        if (done && readers == 0 && reserved > 0) {
            budget.release(reserved);
            reserved = 0;
        }
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
