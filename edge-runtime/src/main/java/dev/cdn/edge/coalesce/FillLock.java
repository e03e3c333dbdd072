package dev.cdn.edge.coalesce;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Request coalescing (collapsed forwarding): the first miss for a key becomes the writer and fetches; later
 * misses become readers and wait, bounded by the lock timeout, for the writer's {@link FillResult}. A writer
 * receiving a storable response first publishes {@link FillOutcome#STREAMING} and keeps the key until the body
 * is complete, so readers arriving mid-body join the same upstream response instead of starting another.
 * Waiting is a subscription, never a blocked thread.
 */
public final class FillLock {

    private final Map<String, Sinks.Many<FillResult>> inflight = new ConcurrentHashMap<>();
    private final Duration timeout;

    public FillLock(Duration timeout) {
        this.timeout = timeout;
    }

    /** Becomes the writer for a key, or joins the writer already fetching it. */
    public Lease acquire(String key) {
        Sinks.Many<FillResult> mine = Sinks.many().replay().latest();
        Sinks.Many<FillResult> existing = inflight.putIfAbsent(key, mine);
        return existing == null ? new Lease(key, mine, null) : new Lease(key, null, existing);
    }

    /** Becomes the writer only if nobody holds the key (for background revalidation); else null. */
    public Lease tryAcquire(String key) {
        Sinks.Many<FillResult> mine = Sinks.many().replay().latest();
        return inflight.putIfAbsent(key, mine) == null ? new Lease(key, mine, null) : null;
    }

    public int inflightCount() {
        return inflight.size();
    }

    /** A writer's obligation to publish exactly one final result, or a reader's wait. */
    public final class Lease {
        private final String key;
        private final Sinks.Many<FillResult> sink;
        private final Sinks.Many<FillResult> joined;

        private Lease(String key, Sinks.Many<FillResult> sink, Sinks.Many<FillResult> joined) {
            this.key = key;
            this.sink = sink;
            this.joined = joined;
        }

        public boolean isWriter() {
            return sink != null;
        }

        /** For a reader: the writer's first result (possibly {@link FillOutcome#STREAMING}), or TIMED_OUT. */
        public Mono<FillResult> await() {
            return joined.asFlux().next().timeout(timeout, Mono.just(FillResult.of(FillOutcome.TIMED_OUT)));
        }

        /** For a reader that needs the stored object (ranges, conditionals): the final result, or TIMED_OUT. */
        public Mono<FillResult> awaitFinal() {
            return joined.asFlux().filter(r -> r.outcome() != FillOutcome.STREAMING).next()
                    .timeout(timeout, Mono.just(FillResult.of(FillOutcome.TIMED_OUT)));
        }

        /** For a writer: lets readers stream the body while the key stays held. */
        public synchronized void stream(FillResult result) {
            if (sink != null && inflight.get(key) == sink) {
                sink.tryEmitNext(result);
            }
        }

        /** For a writer: releases the key and wakes the readers; later calls are ignored. */
        public synchronized void complete(FillResult result) {
            if (sink != null && inflight.remove(key, sink)) {
                sink.tryEmitNext(result);
                sink.tryEmitComplete();
            }
        }
    }
}
