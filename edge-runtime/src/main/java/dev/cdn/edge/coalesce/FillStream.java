package dev.cdn.edge.coalesce;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import dev.cdn.edge.memory.ByteBudget;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.OutOfDirectMemoryError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
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
 *
 * <p>Coalesced waiters on the wire read through {@link #reader}: grouped by their connections' event loops (one
 * wake-up per loop per chunk), sending retained duplicates of one direct copy of each chunk, made when the first such
 * waiter reads it (a fill nobody waits on makes none). The direct copies are released when the stream fails, or once
 * it is done and its last reader has finished; a waiter that reads after that gets the heap chunks instead.
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
    /** The response's age when it arrived (RFC 9111 4.2.3), and when that was; set before the stream is shared. */
    private long initialAgeSeconds = -1;
    private long receivedAtMillis;
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
    private Throwable failure;
    // Guarded by this: the direct copy of each chunk for waiters on the wire (null until asked for), and their loops.
    private final List<ByteBuf> wire = new ArrayList<>();
    private boolean wireReleased;
    private final Map<EventExecutor, LoopReaders> loops = new HashMap<>();

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

    /**
     * Records the response's age as it arrived, so waiters answered from this stream send a current Age: its stored
     * headers carry none (a stored object's age is kept apart from them). Called before the stream is shared.
     */
    public FillStream aged(long initialAgeSeconds, long receivedAtMillis) {
        this.initialAgeSeconds = initialAgeSeconds;
        this.receivedAtMillis = receivedAtMillis;
        return this;
    }

    /** The response's current age in seconds, or -1 when its age was not recorded. */
    public long ageSeconds(long nowMillis) {
        return initialAgeSeconds < 0 ? -1 : initialAgeSeconds + Math.max(0, nowMillis - receivedAtMillis) / 1000;
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
        for (LoopReaders group : loops.values()) {
            group.schedule(); // a task per loop, never run inline here: the end may follow in the same read
        }
        return null;
    }

    /** The body is complete: readers finish, and {@link #toArray()} holds the whole body. */
    public void complete() {
        LoopReaders[] wake;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            sink.tryEmitComplete();
            releaseIfUnread();
            wake = loops.values().toArray(LoopReaders[]::new);
        }
        wakeAll(wake);
    }

    /** The body will not complete (upstream error, writer gone, too large); readers see the error. Idempotent. */
    public void fail(Throwable error) {
        LoopReaders[] wake;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            failure = error;
            chunks.clear();
            releaseWire();
            sink.tryEmitError(error);
            releaseIfUnread();
            wake = loops.values().toArray(LoopReaders[]::new);
        }
        wakeAll(wake);
    }

    /** Outside the lock: waiters on the calling loop (the writer's) are written now, the others get one task per loop. */
    private static void wakeAll(LoopReaders[] groups) {
        for (LoopReaders group : groups) {
            group.wakeNowOrSchedule();
        }
    }

    /**
     * A waiter that will send the body to a connection served by {@code loop}; it joins the fill when its
     * {@link WireReader#send} is subscribed.
     *
     * @param onBytes told the size of each part of the body it sends
     */
    public WireReader reader(EventExecutor loop, LongConsumer onBytes) {
        LoopReaders group;
        synchronized (this) {
            group = loops.computeIfAbsent(loop, LoopReaders::new);
        }
        return new WireReader(this, group, onBytes);
    }

    void join(WireReader reader, LoopReaders group) {
        synchronized (this) {
            readers++;
        }
        group.add(reader);
        if (group.loop().inEventLoop()) {
            reader.wake();
        } else {
            group.loop().execute(reader::wake);
        }
    }

    /** Whether a waiter has anything to do yet: a chunk, or the end. */
    synchronized boolean hasNews() {
        return done || !chunks.isEmpty();
    }

    synchronized boolean isComplete() {
        return done && failure == null;
    }

    synchronized boolean completeAt(int chunk) {
        return done && failure == null && chunk >= chunks.size();
    }

    synchronized Throwable failure() {
        return failure;
    }

    /** Chunk {@code i} for a waiter to send (a buffer it owns), or null while it has not arrived or once the stream failed. */
    synchronized ByteBuf wireChunk(int i) {
        if (i >= chunks.size()) {
            return null;
        }
        if (wireReleased) {
            return Unpooled.wrappedBuffer(chunks.get(i));
        }
        while (wire.size() <= i) {
            wire.add(null);
        }
        ByteBuf direct = wire.get(i);
        if (direct == null) {
            byte[] heap = chunks.get(i);
            try {
                direct = ByteBufAllocator.DEFAULT.directBuffer(heap.length, heap.length).writeBytes(heap);
            } catch (OutOfDirectMemoryError full) {
                return Unpooled.wrappedBuffer(heap); // no direct memory to spare: this waiter's write copies it
            }
            wire.set(i, direct);
        }
        return direct.retainedDuplicate();
    }

    /** The whole body for a waiter to send in one write (a buffer it owns), once {@link #complete()} was called. */
    synchronized ByteBuf whole() {
        int n = chunks.size();
        if (n == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (n == 1) {
            return wireChunk(0);
        }
        ByteBuf[] parts = new ByteBuf[n];
        for (int i = 0; i < n; i++) {
            parts[i] = wireChunk(i);
        }
        return Unpooled.wrappedBuffer(n, parts);
    }

    private void releaseWire() {
        wireReleased = true;
        for (ByteBuf b : wire) {
            if (b != null) {
                b.release();
            }
        }
        wire.clear();
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

    synchronized void readerDone() {
        readers--;
        releaseIfUnread();
    }

    /** Done and nobody reading the replayed chunks any more: their bytes go back to the budget, their direct copies freed. */
    private void releaseIfUnread() {
        if (done && readers == 0) {
            if (reserved > 0) {
                budget.release(reserved);
                reserved = 0;
            }
            releaseWire();
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
