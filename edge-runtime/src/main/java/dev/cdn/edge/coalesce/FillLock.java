package dev.cdn.edge.coalesce;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Request coalescing (collapsed forwarding): the first miss for a key becomes the writer and fetches; later
 * misses become readers and wait, bounded by the lock timeout, for the writer's {@link FillResult}. Waiting is a
 * subscription, never a blocked thread.
 */
public final class FillLock {

    private final Map<String, Sinks.One<FillResult>> inflight = new ConcurrentHashMap<>();
    private final Duration timeout;

    public FillLock(Duration timeout) {
        this.timeout = timeout;
    }

    /** Becomes the writer for a key, or joins the writer already fetching it. */
    public Lease acquire(String key) {
        Sinks.One<FillResult> mine = Sinks.one();
        Sinks.One<FillResult> existing = inflight.putIfAbsent(key, mine);
        if (existing == null) {
            return new Lease(key, mine, null);
        }
        Mono<FillResult> wait = existing.asMono().timeout(timeout, Mono.just(FillResult.of(FillOutcome.TIMED_OUT)));
        return new Lease(key, null, wait);
    }

    /** Becomes the writer only if nobody holds the key (for background revalidation); else null. */
    public Lease tryAcquire(String key) {
        Sinks.One<FillResult> mine = Sinks.one();
        return inflight.putIfAbsent(key, mine) == null ? new Lease(key, mine, null) : null;
    }

    public int inflightCount() {
        return inflight.size();
    }

    /** A writer's obligation to publish exactly one result, or a reader's wait. */
    public final class Lease {
        private final String key;
        private final Sinks.One<FillResult> sink;
        private final Mono<FillResult> wait;

        private Lease(String key, Sinks.One<FillResult> sink, Mono<FillResult> wait) {
            this.key = key;
            this.sink = sink;
            this.wait = wait;
        }

        public boolean isWriter() {
            return sink != null;
        }

        /** For a reader: the writer's result, or TIMED_OUT. */
        public Mono<FillResult> await() {
            return wait;
        }

        /** For a writer: releases the key and wakes the readers; later calls are ignored. */
        public void complete(FillResult result) {
            if (sink != null && inflight.remove(key, sink)) {
                sink.tryEmitValue(result);
            }
        }
    }
}
