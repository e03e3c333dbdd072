package dev.cdn.edge.control;

import dev.cdn.config.wire.Ack;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Sends acknowledgements with natural batching: an ack is posted at once when nothing is in flight, and acks that
 * arrive while a post is in flight go together in the next one. So a lone purge is acknowledged without any
 * timer delay, and a burst costs few requests. Acks are advisory (purges replay by sequence), so a failed post is
 * dropped, not retried.
 *
 * <p>Bounded both ways: a post that has not completed within its timeout is abandoned (a hung request would
 * otherwise hold every later ack back), and at most {@link #MAX_QUEUED} acks wait; past that the oldest are
 * dropped, since a later ack of the same node supersedes them (its applied sequence moves past them).
 */
final class AckPump {

    static final int MAX_BATCH = 500;
    static final int MAX_QUEUED = 10_000;

    private final Queue<Ack> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final Function<List<Ack>, Mono<Void>> post;
    private final java.time.Duration timeout;
    private volatile boolean closed;

    AckPump(java.time.Duration timeout, Function<List<Ack>, Mono<Void>> post) {
        this.post = post;
        this.timeout = timeout;
    }

    void offer(Ack ack) {
        if (closed) {
            return;
        }
        queue.add(ack);
        if (queued.incrementAndGet() > MAX_QUEUED && queue.poll() != null) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
        }
        drain();
    }

    /** Acks dropped because too many waited (the oldest go first). */
    long dropped() {
        return dropped.get();
    }

    private void drain() {
        while (!closed && !queue.isEmpty() && sending.compareAndSet(false, true)) {
            List<Ack> batch = new ArrayList<>();
            Ack next;
            while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                queued.decrementAndGet();
                batch.add(next);
            }
            if (batch.isEmpty()) {
                sending.set(false);
                continue; // another thread took them; re-check in case more arrived meanwhile
            }
            post.apply(batch)
                    .timeout(timeout)
                    .onErrorResume(e -> Mono.empty())
                    .doFinally(signal -> {
                        sending.set(false);
                        drain();
                    })
                    .subscribe();
            return;
        }
    }

    void close() {
        closed = true;
        queue.clear();
        queued.set(0);
    }
}
