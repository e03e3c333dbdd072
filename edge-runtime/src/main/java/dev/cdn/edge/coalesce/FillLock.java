package dev.cdn.edge.coalesce;

import dev.cdn.edge.store.PurgeEpochs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Request coalescing (collapsed forwarding): the first miss for a key becomes the writer and fetches; later
 * misses become readers and wait, bounded by the lock timeout, for the writer's {@link FillResult}. A writer
 * receiving a storable response first publishes {@link FillOutcome#STREAMING} and keeps the key until the body
 * is complete, so readers arriving mid-body join the same upstream response instead of starting another.
 * Waiting is a subscription, never a blocked thread.
 *
 * <p>Purges: every fill carries the purge epoch it started at. A purge {@link #detachPurged detaches} the fills
 * it names (they finish for the readers already waiting, but nobody new can join them), and a request that finds
 * a fill a purge named since it started takes the key over as a new writer instead of joining: no reader admitted
 * after a purge receives a body fetched before it.
 */
public final class FillLock {

    private final Map<String, InFlight> inflight = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final PurgeEpochs epochs;
    // Writers' leases handed out and released: equal whenever no fill is running (the stress tests check it).
    private final LongAdder writers = new LongAdder();
    private final LongAdder released = new LongAdder();

    /** One fill in flight: who waits on it, what it fetches, and the purge epoch it started at. */
    private record InFlight(Sinks.Many<FillResult> sink, String serviceId, String url, long epoch) {
    }

    public FillLock(Duration timeout, PurgeEpochs epochs) {
        this.timeout = timeout;
        this.epochs = epochs;
    }

    /** Becomes the writer for a key, or joins the writer already fetching it (unless a purge named that fill). */
    public Lease acquire(String key, String serviceId, String url) {
        InFlight mine = new InFlight(Sinks.many().replay().latest(), serviceId, url, epochs.now());
        while (true) {
            InFlight existing = inflight.putIfAbsent(key, mine);
            if (existing == null) {
                return writer(key, mine);
            }
            if (!epochs.purgedSince(existing.epoch(), serviceId, url)) {
                return new Lease(key, null, existing);
            }
            // Purged since that fill began: its body may be what the purge removed. Take the key over; the old
            // writer still finishes for the readers it had.
            if (inflight.replace(key, existing, mine)) {
                return writer(key, mine);
            }
        }
    }

    /** Becomes the writer only if nobody holds the key (for background revalidation); else null. */
    public Lease tryAcquire(String key, String serviceId, String url) {
        InFlight mine = new InFlight(Sinks.many().replay().latest(), serviceId, url, epochs.now());
        return inflight.putIfAbsent(key, mine) == null ? writer(key, mine) : null;
    }

    private Lease writer(String key, InFlight mine) {
        writers.increment();
        return new Lease(key, mine, null);
    }

    /**
     * Detaches every fill that a purge recorded since it started: later requests for its key no longer join it.
     * Called by a purge after recording its epochs and before removing stored objects. O(fills in flight).
     */
    public int detachPurged() {
        int detached = 0;
        for (Map.Entry<String, InFlight> e : inflight.entrySet()) {
            InFlight f = e.getValue();
            if (epochs.purgedSince(f.epoch(), f.serviceId(), f.url()) && inflight.remove(e.getKey(), f)) {
                detached++;
            }
        }
        return detached;
    }

    public int inflightCount() {
        return inflight.size();
    }

    /** Writers' leases handed out since this lock was made. */
    public long writersAcquired() {
        return writers.sum();
    }

    /** Writers' leases released since this lock was made: each lease counts once, however often it is completed. */
    public long writersReleased() {
        return released.sum();
    }

    /**
     * A writer's obligation to publish exactly one final result, or a reader's wait. A writer's lease is owned by
     * one {@link dev.cdn.edge.coalesce.Fill}, the only caller of {@link #stream} and {@link #complete}.
     */
    public final class Lease {
        private final String key;
        private final InFlight mine;
        private final InFlight joined;
        private boolean completed;

        private Lease(String key, InFlight mine, InFlight joined) {
            this.key = key;
            this.mine = mine;
            this.joined = joined;
        }

        public boolean isWriter() {
            return mine != null;
        }

        /** The purge epoch the fill started at: a writer stores its object only if nothing named it since. */
        public long epoch() {
            return mine != null ? mine.epoch() : joined.epoch();
        }

        /** For a reader: the writer's first result (possibly {@link FillOutcome#STREAMING}), or TIMED_OUT. */
        public Mono<FillResult> await() {
            return joined.sink().asFlux().next().timeout(timeout, Mono.just(FillResult.of(FillOutcome.TIMED_OUT)));
        }

        /** For a reader that needs the stored object (ranges, conditionals): the final result, or TIMED_OUT. */
        public Mono<FillResult> awaitFinal() {
            return joined.sink().asFlux().filter(r -> r.outcome() != FillOutcome.STREAMING).next()
                    .timeout(timeout, Mono.just(FillResult.of(FillOutcome.TIMED_OUT)));
        }

        /** For a writer: lets readers stream the body while the key stays held. */
        synchronized void stream(FillResult result) {
            if (mine != null && !completed) {
                mine.sink().tryEmitNext(result);
            }
        }

        /**
         * For a writer: releases the key (unless a purge detached it already) and wakes its readers, also when
         * detached; later calls are ignored.
         */
        synchronized void complete(FillResult result) {
            if (mine != null && !completed) {
                completed = true;
                released.increment();
                inflight.remove(key, mine);
                mine.sink().tryEmitNext(result);
                mine.sink().tryEmitComplete();
            }
        }
    }
}
