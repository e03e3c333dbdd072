package dev.cdn.api.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Reads new events from the log once per wake-up for all of this replica's edge streams, instead of once per
 * connected edge, and keeps the most recent ones in memory, encoded, for streams to serve from.
 *
 * <p>Correctness rests on two facts. Appends commit in sequence order (see {@link EdgeEventLog}), so one read of
 * "everything after {@code covered}" returns a gap-free continuation. And a caller is only answered once the
 * cache holds what it was woken for: every event up to the sequence its wake-up named (which was committed
 * before the wake-up was sent), or, when the wake-up named none, everything a read that <em>started after</em>
 * the call returned. So an event committed before a stream was woken is always in what it is then served. A
 * fleet woken for one commit so costs one read, and the streams woken after that read finished are answered
 * from memory. Streams whose position is older than what the cache holds read the log themselves.
 */
@Component
class SharedEventReader {

    static final int CAPACITY = 10_000;
    private static final int PAGE = 500;

    private final EdgeEventLog log;
    private final ConcurrentSkipListMap<Long, EncodedEvent> recent = new ConcurrentSkipListMap<>();
    /** The ticket of each finished read (see {@link #refresh}). */
    private final Sinks.Many<Long> completions = Sinks.many().replay().latest();

    /** Every committed event with floor < seq <= covered is in {@link #recent}; -1 until the first read. */
    private volatile long floor = -1;
    private volatile long covered = -1;
    /** Tickets handed out; a read takes the latest one when it starts. Guarded by {@code this}. */
    private long requested;
    /** The latest ticket of a caller that named no sequence, so needs a read started after its call. */
    private long wantedTicket;
    /** The highest sequence a caller was woken for. */
    private long wantedSeq;
    private boolean running;

    SharedEventReader(EdgeEventLog log) {
        this.log = log;
    }

    /**
     * Completes once the cache holds every event up to {@code seq}, or, when {@code seq} is
     * {@link EdgeEventHub#UNKNOWN}, once a read that started after this call has finished. Also completes when a
     * read that started after this call finished without reaching {@code seq}, so that a sequence that is not (or
     * no longer) in the log cannot hold a stream.
     */
    Mono<Void> refresh(long seq) {
        if (seq != EdgeEventHub.UNKNOWN && covered >= seq) {
            return Mono.empty(); // read already, for another stream woken by the same commit
        }
        long ticket;
        synchronized (this) {
            ticket = ++requested;
            if (seq == EdgeEventHub.UNKNOWN) {
                wantedTicket = ticket;
            } else {
                wantedSeq = Math.max(wantedSeq, seq);
            }
            startIfIdle();
        }
        return completions.asFlux().filter(done -> done >= ticket || covered >= seq).next().then();
    }

    /**
     * The events after {@code cursor} known to the cache once it holds what {@code seq} asks for (see
     * {@link #refresh}), or empty when {@code cursor} is older than what the cache holds (the caller then reads
     * the log itself).
     */
    Mono<List<EncodedEvent>> after(long cursor, long seq) {
        return refresh(seq).then(Mono.fromSupplier(() -> {
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
        Mono<Void> read = covered < 0
                ? log.head().doOnNext(head -> {
                    covered = head;
                    floor = head;
                }).then()
                : readAfter(covered);
        read.doFinally(signal -> {
            // Outside the lock: answering the waiters runs their streams. Only the running read emits, so the
            // sink is never emitted to concurrently.
            completions.tryEmitNext(ticket);
            synchronized (this) {
                running = false;
                // Read again only for callers this read could not answer: they came after it started, and
                // either named no sequence or one it did not reach.
                if (wantedTicket > ticket || (wantedSeq > covered && requested > ticket)) {
                    startIfIdle();
                }
            }
        }).subscribe(null, e -> { });
    }

    private Mono<Void> readAfter(long from) {
        return log.after(from, PAGE).collectList().flatMap(page -> {
            for (var e : page) {
                recent.put(e.seq(), EncodedEvent.of(e));
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
