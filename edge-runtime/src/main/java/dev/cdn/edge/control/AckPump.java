package dev.cdn.edge.control;

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
 */
final class AckPump {

    static final int MAX_BATCH = 500;

    private final Queue<Ack> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final Function<List<Ack>, Mono<Void>> post;
    private volatile boolean closed;

    AckPump(Function<List<Ack>, Mono<Void>> post) {
        this.post = post;
    }

    void offer(Ack ack) {
        if (closed) {
            return;
        }
        queue.add(ack);
        drain();
    }

    private void drain() {
        while (!closed && !queue.isEmpty() && sending.compareAndSet(false, true)) {
            List<Ack> batch = new ArrayList<>();
            Ack next;
            while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                sending.set(false);
                continue; // another thread took them; re-check in case more arrived meanwhile
            }
            post.apply(batch)
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
    }
}
