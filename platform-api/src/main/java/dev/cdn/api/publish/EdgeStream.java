package dev.cdn.api.publish;

import dev.cdn.config.EdgeEvent;
import dev.cdn.config.PurgeCommand;
import dev.cdn.config.PurgeKind;
import java.util.List;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Builds one edge's event stream: the current configs (fresh edge) or the missed events (resuming edge), then
 * every new event as it is committed, with heartbeats in between.
 */
@Component
class EdgeStream {

    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final int PAGE = 500;

    private final EdgeEventLog log;
    private final EdgeEventHub hub;
    private final SharedEventReader shared;
    private final Duration poll;

    /**
     * @param poll how often a stream re-reads the log without a wake-up (a safety net: commits on this replica
     *             and NOTIFY from others wake streams at once)
     */
    EdgeStream(EdgeEventLog log, EdgeEventHub hub, SharedEventReader shared,
               @org.springframework.beans.factory.annotation.Value("${cdn.edge.poll-interval:1s}") Duration poll) {
        this.log = log;
        this.hub = hub;
        this.shared = shared;
        this.poll = poll;
    }

    /**
     * @param lead when each event may be sent (edges wait for their shields, see {@link ShieldLead}); one per
     *             stream
     */
    Flux<EncodedEvent> open(long after, ShieldLead lead) {
        return Flux.defer(() -> {
            AtomicLong cursor = new AtomicLong(after);
            Flux<EdgeEvent> initial = log.compactedThrough().flatMapMany(compacted -> {
                if (after > 0 && after >= compacted) {
                    return Flux.empty(); // every missed event is still in the log: plain replay
                }
                return log.head().flatMapMany(head -> {
                    cursor.set(head);
                    // The current topology first: a node routes the configs that follow by it.
                    Flux<EdgeEvent> configs = log.currentTopology(head, head).concatWith(log.currentConfigs(head, head));
                    if (after == 0) {
                        return configs; // a fresh edge holds nothing that could be stale
                    }
                    // Too far behind: purges it missed may be gone, so it drops each service's cache first.
                    return configs.collectList().flatMapMany(list -> Flux.concat(
                            Flux.fromIterable(list).filter(c -> c.type() == EdgeEvent.Type.CONFIG)
                                    .map(c -> EdgeEvent.purge(head, new PurgeCommand(
                                    UUID.randomUUID().toString(), c.service().id(), PurgeKind.ALL, List.of(), false))),
                            Flux.fromIterable(list)));
                });
            });
            // The highest sequence announced since the last drain began. A commit is announced twice (by this
            // replica and by the notification), and signals that arrive during a drain are merged into one: the
            // drain after them must reach the highest of them.
            AtomicLong announced = new AtomicLong();
            Flux<Long> wakeups = Flux.merge(hub.signals(), Flux.interval(poll, poll).map(t -> EdgeEventHub.UNKNOWN))
                    .doOnNext(seq -> announced.accumulateAndGet(seq, Math::max))
                    .onBackpressureLatest();
            Flux<EncodedEvent> tail = wakeups.startWith(EdgeEventHub.UNKNOWN)
                    .concatMap(seq -> drain(cursor, Math.max(seq, announced.getAndSet(0)), lead), 1);
            Flux<EncodedEvent> heartbeats = Flux.interval(HEARTBEAT, HEARTBEAT)
                    .map(t -> EncodedEvent.of(EdgeEvent.heartbeat(cursor.get())));
            // A heartbeat right after the backlog tells the edge it is caught up (it may then trust its disk).
            Flux<EncodedEvent> backlog = initial.map(EncodedEvent::of)
                    .concatWith(Flux.defer(() -> drain(cursor, EdgeEventHub.UNKNOWN, lead)))
                    .concatWith(Mono.fromSupplier(() -> EncodedEvent.of(EdgeEvent.heartbeat(cursor.get()))));
            return backlog.concatWith(Flux.merge(tail, heartbeats));
        });
    }

    /**
     * Every event after the cursor, up to at least {@code seq} (the sequence this stream was woken for, or
     * {@link EdgeEventHub#UNKNOWN}), advancing the cursor as it goes: from the replica's shared reader when the
     * cursor is recent enough, else from the log directly, page by page. Nothing to do when the stream has sent
     * {@code seq} already (the second announcement of a commit). Only what {@code lead} lets pass is sent; the
     * cursor stays before the first event that waits, so a later wake-up sends it.
     */
    private Flux<EncodedEvent> drain(AtomicLong cursor, long seq, ShieldLead lead) {
        if (seq <= cursor.get()) {
            return Flux.empty();
        }
        return shared.after(cursor.get(), seq).flatMapMany(events -> Flux.fromIterable(pass(events, cursor, lead)))
                .switchIfEmpty(Flux.defer(() -> shared.covers(cursor.get()) ? Flux.empty() : readLog(cursor, lead)));
    }

    private Flux<EncodedEvent> readLog(AtomicLong cursor, ShieldLead lead) {
        return log.after(cursor.get(), PAGE).collectList().flatMapMany(page -> {
            if (page.isEmpty()) {
                return Flux.empty();
            }
            List<EncodedEvent> these = pass(page.stream().map(EncodedEvent::of).toList(), cursor, lead);
            return these.size() < PAGE ? Flux.fromIterable(these)
                    : Flux.fromIterable(these).concatWith(Flux.defer(() -> readLog(cursor, lead)));
        });
    }

    /** The events that may be sent now, in order, with the cursor moved to the last of them. */
    private static List<EncodedEvent> pass(List<EncodedEvent> events, AtomicLong cursor, ShieldLead lead) {
        List<EncodedEvent> passing = events.subList(0, lead.passable(events));
        if (!passing.isEmpty()) {
            cursor.set(passing.get(passing.size() - 1).seq());
        }
        return passing;
    }
}
