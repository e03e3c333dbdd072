package dev.cdn.edge.coalesce;

import dev.cdn.edge.policy.NoCacheReason;
import dev.cdn.edge.store.CachedObject;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * One fill of one key, from the request that fetches it to the last byte its readers replay: it owns the lease on
 * the key (when requests are coalesced on it), the pump that reads the upstream body, and the stream its readers
 * share, and it finishes exactly once.
 *
 * <p>Invariant: every fill ends in exactly one {@link FillResult}, and one party owns that end. Until a pump takes
 * the body over, the fetching request does: it ends the fill with {@link #finish}, {@link #notShareable},
 * {@link #requestFailed} or, when it is over without having said, {@link #requestDone}. From the moment
 * {@link #pump} is called the pump does (body stored, failed, abandoned, too large), whatever the fetching request
 * or its client does next: the request's calls are then ignored, so a writer's client that breaks off mid-body can
 * neither fail the waiters nor free the key while the body still streams in. The first end wins, publishes its
 * result to the waiters, keeps the hit-for-miss mark and releases the key; every later call returns false and
 * changes nothing. No other class releases a lease.
 */
public final class Fill {

    private final FillLock.Lease lease;
    private final long epoch;
    private final HitForMiss hitForMiss;
    private final String key;
    private static final Runnable NOTHING = () -> { };

    private final AtomicReference<FillResult> result = new AtomicReference<>();
    private volatile boolean pumped;

    private Fill(FillLock.Lease lease, long epoch, HitForMiss hitForMiss, String key) {
        this.lease = lease;
        this.epoch = epoch;
        this.hitForMiss = hitForMiss;
        this.key = key;
    }

    /** The fill of a lease's writer: its result reaches every request coalesced on the key. */
    public static Fill writer(FillLock.Lease lease, HitForMiss hitForMiss, String key) {
        if (!lease.isWriter()) {
            throw new IllegalArgumentException("a reader's lease has no fill to own");
        }
        return new Fill(lease, lease.epoch(), hitForMiss, key);
    }

    /** A fill nobody waits on (the key is hit-for-miss, or a waiter fetches on its own), started at purge {@code epoch}. */
    public static Fill alone(long epoch, HitForMiss hitForMiss, String key) {
        return new Fill(null, epoch, hitForMiss, key);
    }

    /** The purge epoch the fill started at: its object is stored only if no purge named it since. */
    public long epoch() {
        return epoch;
    }

    /** The result the fill finished with, or null while it runs. */
    public FillResult result() {
        return result.get();
    }

    /** Lets the waiters stream the body as it arrives while the key stays held (read-while-write). */
    public void streaming(FillStream stream) {
        if (lease != null && result.get() == null) {
            lease.stream(FillResult.streaming(stream));
        }
    }

    /**
     * Hands the end of the fill to a pump that reads {@code body} into {@code stream}: from now on the fill finishes
     * when the body completes (with what {@code store} returns: the stored object, or null when a purge named it
     * meanwhile), fails, is abandoned, or outgrows what may be held, whatever the fetching request's client does.
     *
     * @param failedStatus the error status (502, 504, ...) an upstream failure is published with
     * @param overBudget   told when the body did not fit the node's fill budget (not stored, but no hit-for-miss)
     */
    public FillPump pump(FillStream stream, Flux<ByteBuf> body, LongConsumer onBytes, Supplier<CachedObject> store,
                         Function<Throwable, Integer> failedStatus, Runnable overBudget) {
        pumped = true;
        return new FillPump(stream, onBytes::accept,
                () -> {
                    CachedObject stored = store.get();
                    if (stored != null) {
                        end(FillResult.filled(stored), () -> hitForMiss.clear(key));
                    } else {
                        // Purged while in flight: the response may predate the purge, so nobody may serve it from here.
                        end(FillResult.of(FillOutcome.WRITER_GONE), NOTHING);
                    }
                },
                err -> end(err instanceof FillPump.Abandoned ? FillResult.of(FillOutcome.WRITER_GONE)
                        : FillResult.failed(failedStatus.apply(err)), NOTHING),
                () -> {
                    if (stream.overBudget()) {
                        overBudget.run();
                        end(FillResult.of(FillOutcome.NOT_SHAREABLE), NOTHING);
                    } else {
                        end(FillResult.of(FillOutcome.NOT_SHAREABLE), () -> hitForMiss.mark(key));
                    }
                }).start(body);
    }

    /** The fetching request is over: unless it or a pump ended the fill, it ends now ({@link FillOutcome#WRITER_GONE}). */
    public void requestDone() {
        finish(FillResult.of(FillOutcome.WRITER_GONE));
    }

    /** The fetching request failed with {@code status} (502, 504, ...): the fill fails, unless a pump owns its end. */
    public boolean requestFailed(int status) {
        return finish(FillResult.failed(status));
    }

    /**
     * The response may not be shared: waiters fetch on their own, and unless only the node's fill budget was short
     * (the object itself is storable), the key becomes hit-for-miss so later requests go upstream in parallel.
     */
    public boolean notShareable(NoCacheReason why) {
        return !pumped && end(FillResult.of(FillOutcome.NOT_SHAREABLE), () -> {
            if (why != NoCacheReason.FILL_BUDGET) {
                hitForMiss.mark(key);
            }
        });
    }

    /**
     * Ends the fill with {@code result} for the fetching request: true for the first end, which publishes it and
     * releases the key; false, changing nothing, once the fill has ended or a pump owns its end.
     */
    public boolean finish(FillResult result) {
        return !pumped && end(result, NOTHING);
    }

    private boolean end(FillResult outcome, Runnable beforeRelease) {
        if (outcome.outcome() == FillOutcome.STREAMING) {
            throw new IllegalArgumentException("STREAMING does not end a fill");
        }
        if (!result.compareAndSet(null, outcome)) {
            return false;
        }
        // Before the key is released: a request that finds the key free must already see the hit-for-miss mark.
        beforeRelease.run();
        if (lease != null) {
            lease.complete(outcome);
        }
        return true;
    }
}
