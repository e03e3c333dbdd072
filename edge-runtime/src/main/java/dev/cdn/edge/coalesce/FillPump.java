package dev.cdn.edge.coalesce;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Reads a storable upstream body on a subscription of its own, so a fill is neither cancelled nor paced by the
 * client that started it: coalesced readers get the whole body and the object is stored even when that client
 * goes away or reads slowly. Every client, the one that started the fill included, reads {@link #writerBody()} or
 * {@link FillStream#body()}.
 *
 * <p>Memory stays bounded by the object-size limit: below it, the pump reads as fast as upstream sends into the
 * {@link FillStream}. A body without Content-Length can still turn out larger; then the stream fails for the
 * coalesced readers and the pump switches to passing the rest straight to the writer's client, one chunk per
 * chunk that client asks for (paced by it again, since nothing more will be stored). With no writer's client
 * left at that point, the upstream response is cancelled.
 */
public final class FillPump extends BaseSubscriber<ByteBuf> {

    /** The fill was cancelled before its body completed (its writer's client left once nothing could be stored). */
    public static final class Abandoned extends IllegalStateException {
        Abandoned() {
            super("fill abandoned");
        }
    }

    private final FillStream stream;
    private final Consumer<Long> onBytes;
    private final Runnable onStored;
    private final Consumer<Throwable> onFailed;
    private final Runnable onTooLarge;

    private boolean passing;
    private boolean writerGone;
    private ByteBuf pending;
    private FluxSink<ByteBuf> tail;
    private boolean upstreamDone;
    private Throwable upstreamError;

    /**
     * @param onBytes    told the size of each chunk received from upstream
     * @param onStored   the body completed within the limit ({@link FillStream#complete()} already called)
     * @param onFailed   upstream failed or the fill was cancelled before the body completed
     * @param onTooLarge the body passed the size limit or the node's fill budget; nothing will be stored
     */
    public FillPump(FillStream stream, Consumer<Long> onBytes, Runnable onStored, Consumer<Throwable> onFailed,
                    Runnable onTooLarge) {
        this.stream = stream;
        this.onBytes = onBytes;
        this.onStored = onStored;
        this.onFailed = onFailed;
        this.onTooLarge = onTooLarge;
    }

    /** Starts reading; the pump holds the upstream subscription from now on. */
    public FillPump start(Flux<ByteBuf> upstreamBody) {
        upstreamBody.subscribe(this);
        return this;
    }

    /**
     * The body for the client that started the fill: what the stream holds, then, should the body outgrow the
     * limit, the rest straight from upstream. Cancelling it (the client went away) leaves the fill running.
     */
    public Flux<ByteBuf> writerBody() {
        return stream.body()
                .onErrorResume(FillStream.TooLarge.class, e -> Flux.create(this::attachTail))
                .doOnCancel(this::writerGone);
    }

    /** The writer's client will not read the body (HEAD, background revalidation, or it disconnected). */
    public void writerGone() {
        boolean cancel;
        synchronized (this) {
            writerGone = true;
            cancel = passing;
        }
        if (cancel) {
            abandon();
        }
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        request(1);
    }

    @Override
    protected void hookOnNext(ByteBuf buf) {
        onBytes.accept((long) buf.readableBytes());
        FluxSink<ByteBuf> sink = null;
        boolean stored = false;
        FillStream.TooLarge overflow = null;
        boolean keptForWriter = false;
        synchronized (this) {
            if (passing) {
                sink = tail;
            } else if ((overflow = stream.append(buf)) == null) {
                stored = true;
            } else {
                passing = true;
                if (!writerGone) {
                    // Held until the writer's client has drained the stored part and asks for more.
                    pending = buf.retain();
                    keptForWriter = true;
                }
            }
        }
        if (stored) {
            request(1); // outside the lock: upstream may deliver the next chunk from within this call
        } else if (overflow != null) {
            // Only now, with the chunk kept: a writer's client that has read everything switches to the rest of the
            // body within this call, and takes the pending chunk as it does.
            stream.fail(overflow);
            onTooLarge.run();
            if (!keptForWriter) {
                abandon(); // nobody will read the rest
            }
        } else if (sink != null) {
            sink.next(buf.retain());
        }
    }

    @Override
    protected void hookOnComplete() {
        FluxSink<ByteBuf> sink;
        synchronized (this) {
            upstreamDone = true;
            sink = passing ? tail : null;
            if (passing && sink == null) {
                return; // the tail completes once it attaches and has sent the pending chunk
            }
        }
        if (sink != null) {
            sink.complete();
            return;
        }
        // Stored before the readers finish: a client that asks again as soon as its body ends must find the object.
        try {
            onStored.run();
        } finally {
            stream.complete();
        }
    }

    @Override
    protected void hookOnError(Throwable error) {
        FluxSink<ByteBuf> sink;
        synchronized (this) {
            upstreamDone = true;
            upstreamError = error;
            sink = passing ? tail : null;
        }
        // Ended before the readers fail (as stored before they finish, above): a client that asks again as soon as its
        // body breaks must find the key free, not join the fill that just failed.
        onFailed.accept(error);
        stream.fail(error);
        if (sink != null) {
            sink.error(error);
        }
    }

    @Override
    protected void hookOnCancel() {
        Abandoned gone = new Abandoned();
        onFailed.accept(gone);
        stream.fail(gone);
        releasePending();
    }

    private void attachTail(FluxSink<ByteBuf> sink) {
        ByteBuf first;
        boolean done;
        Throwable error;
        synchronized (this) {
            tail = sink;
            first = pending;
            pending = null;
            done = upstreamDone;
            error = upstreamError;
        }
        sink.onRequest(n -> {
            if (!isDisposed()) {
                request(n);
            }
        });
        sink.onCancel(this::abandon);
        if (first != null) {
            sink.next(first); // FluxSink buffers it until the client asks
        }
        if (done) {
            if (error != null) {
                sink.error(error);
            } else {
                sink.complete();
            }
        }
    }

    private void abandon() {
        if (!isDisposed()) {
            cancel();
        }
        releasePending();
    }

    private void releasePending() {
        ByteBuf p;
        synchronized (this) {
            p = pending;
            pending = null;
        }
        if (p != null) {
            p.release();
        }
    }
}
