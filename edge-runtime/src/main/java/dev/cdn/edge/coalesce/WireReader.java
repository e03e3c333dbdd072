package dev.cdn.edge.coalesce;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One coalesced waiter sending a fill's body to its own connection, on that connection's event loop.
 *
 * <p>Why not a Reactor chain per waiter: with 100 waiters every operator and every cross-thread hand-off is paid 100
 * times per chunk between the origin's last byte and the last waiter's. Here a waiter is woken with the others on its
 * loop ({@link LoopReaders}: one task per loop per chunk), holds only a cursor into the fill's chunks (a slow waiter
 * costs nothing beyond the chunks the fill keeps anyway, and neither slows the others nor the writer), and writes
 * retained duplicates of the fill's one direct copy of each chunk (no copy per waiter).
 *
 * <p>Nothing is sent before there is news of the body: if the body is complete by then (the usual case for a body
 * that arrives in one read), headers and body leave in one write and one flush; else the headers, then each chunk as
 * it arrives and the waiter asks for it. The waiter counts as one of the fill's readers from {@link #send} until it
 * has taken its last chunk, finished or left, whichever comes first (exactly once).
 */
public final class WireReader implements Publisher<ByteBuf>, Subscription {

    private final FillStream stream;
    private final LoopReaders group;
    private final LongConsumer onBytes;
    private final AtomicBoolean left = new AtomicBoolean();
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private volatile Disposable sending;
    // Set when the send is subscribed, before the reader joins its loop's group; read on the loop only after.
    private Function<Mono<ByteBuf>, Mono<Void>> sendWhole;
    private Function<Publisher<ByteBuf>, Mono<Void>> sendStreamed;
    private MonoSink<Void> done;
    // Confined to the loop.
    private boolean started;
    private Subscriber<? super ByteBuf> out;
    private int cursor;
    private boolean finished;
    private boolean draining;
    private boolean again;

    WireReader(FillStream stream, LoopReaders group, LongConsumer onBytes) {
        this.stream = stream;
        this.group = group;
        this.onBytes = onBytes;
    }

    /**
     * Sends the body once there is news of it.
     *
     * @param whole    sends a complete body (a retained buffer the send owns) with the headers, in one write
     * @param streamed sends the headers, then the body as this publisher gives it
     */
    public Mono<Void> send(Function<Mono<ByteBuf>, Mono<Void>> whole,
                           Function<Publisher<ByteBuf>, Mono<Void>> streamed) {
        return Mono.create(sink -> {
            sendWhole = whole;
            sendStreamed = streamed;
            done = sink;
            sink.onDispose(this::stop);
            stream.join(this, group);
        });
    }

    /** On the loop: there may be news of the body. */
    void wake() {
        if (left.get()) {
            return;
        }
        if (!started) {
            if (!stream.hasNews()) {
                return;
            }
            started = true;
            Mono<Void> send = stream.isComplete() ? sendWhole.apply(Mono.fromSupplier(this::whole))
                    : sendStreamed.apply(this);
            sending = send.subscribe(null, done::error, done::success);
            return;
        }
        drain();
    }

    private ByteBuf whole() {
        ByteBuf body = stream.whole();
        onBytes.accept(body.readableBytes());
        leave(); // the send owns its own references to the chunks now
        return body;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuf> subscriber) {
        out = subscriber;
        subscriber.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancel();
            return;
        }
        demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        if (group.loop().inEventLoop()) {
            drain();
        } else {
            group.loop().execute(this::drain);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        leave();
    }

    /** On the loop: hands on every chunk there is and the waiter asked for, then the end once it is reached. */
    private void drain() {
        if (out == null || finished) {
            return;
        }
        if (draining) { // re-entered from onNext (the connection asked for more): the outer call goes round again
            again = true;
            return;
        }
        draining = true;
        try {
            do {
                again = false;
                while (!cancelled && demand.get() > 0) {
                    ByteBuf chunk = stream.wireChunk(cursor);
                    if (chunk == null) {
                        break;
                    }
                    cursor++;
                    demand.decrementAndGet();
                    onBytes.accept(chunk.readableBytes());
                    out.onNext(chunk);
                }
                if (cancelled) {
                    return;
                }
                Throwable failure = stream.failure();
                if (failure != null) {
                    finished = true;
                    leave();
                    out.onError(failure);
                    return;
                }
                if (stream.completeAt(cursor)) {
                    finished = true;
                    leave();
                    out.onComplete();
                    return;
                }
            } while (again);
        } finally {
            draining = false;
        }
    }

    /** The waiter's request is over (sent, failed or cancelled): stop sending and leave the fill. */
    private void stop() {
        Disposable s = sending;
        if (s != null) {
            s.dispose();
        }
        leave();
    }

    private void leave() {
        if (left.compareAndSet(false, true)) {
            group.remove(this);
            stream.readerDone();
        }
    }
}
