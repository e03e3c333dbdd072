package dev.cdn.api.publish;

import dev.cdn.config.EdgeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Reads new events from the log once per wake-up for all of this replica's edge streams, instead of once per
 * connected edge, and keeps the most recent ones in memory for streams to serve from.
 *
 * <p>Correctness rests on two facts. Appends commit in sequence order (see {@link EdgeEventLog}), so one read of
 * "everything after {@code covered}" returns a gap-free continuation. And a caller's {@link #refresh} is only
 * answered by a read that <em>started after</em> the call, so an event committed before a stream was woken is
 * always in what it is then served. Streams whose position is older than what the cache holds read the log
 * themselves.
 */
@Component
class SharedEventReader {

    static final int CAPACITY = 10_000;
    private static final int PAGE = 500;

    private final EdgeEventLog log;
    private final ConcurrentSkipListMap<Long, EdgeEvent> recent = new ConcurrentSkipListMap<>();
    private final Sinks.Many<Long> completions = Sinks.many().replay().latest();

    /** Every committed event with floor < seq <= covered is in {@link #recent}; -1 until the first read. */
    private volatile long floor = -1;
    private volatile long covered = -1;
    private long requested;
    private long startedTicket;
    private boolean running;

    SharedEventReader(EdgeEventLog log) {
        this.log = log;
    }

    /** Completes once a read that started after this call has finished. */
    Mono<Void> refresh() {
        long ticket;
        synchronized (this) {
            ticket = ++requested;
            startIfIdle();
        }
        return completions.asFlux().filter(done -> done >= ticket).next().then();
    }

    /**
     * The events after {@code cursor} known to the cache after a fresh read, or null when {@code cursor} is older
     * than what the cache holds (the caller then reads the log itself).
     */
    Mono<List<EdgeEvent>> after(long cursor) {
        return refresh().then(Mono.fromSupplier(() -> {
            long from = floor;
            if (from < 0 || cursor < from) {
                return null;
            }
            return new ArrayList<>(recent.subMap(cursor, false, covered, true).values());
        }));
    }

    /** Whether the cache can answer for a stream at {@code cursor}. */
    boolean covers(long cursor) {
        long from = floor;
        return from >= 0 && cursor >= from;
    }

    private void startIfIdle() {
        if (running) {
            return;
        }
        running = true;
        long ticket = requested;
        startedTicket = ticket;
        Mono<Void> read = covered < 0
                ? log.head().doOnNext(head -> {
                    covered = head;
                    floor = head;
                }).then()
                : readAfter(covered);
        read.doFinally(signal -> {
            synchronized (this) {
                running = false;
                completions.tryEmitNext(ticket);
                if (requested > ticket) {
                    startIfIdle();
                }
            }
        }).subscribe(null, e -> { });
    }

    private Mono<Void> readAfter(long from) {
        return log.after(from, PAGE).collectList().flatMap(page -> {
            for (EdgeEvent e : page) {
                recent.put(e.seq(), e);
            }
            if (!page.isEmpty()) {
                covered = page.get(page.size() - 1).seq();
            }
            trim();
            return page.size() < PAGE ? Mono.<Void>empty() : readAfter(covered);
        });
    }

    private void trim() {
        while (recent.size() > CAPACITY) {
            var lowest = recent.pollFirstEntry();
            if (lowest != null) {
                floor = lowest.getKey();
            }
        }
    }

}
