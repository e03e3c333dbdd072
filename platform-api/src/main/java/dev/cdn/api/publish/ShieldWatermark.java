package dev.cdn.api.publish;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The highest event sequence every connected shield has applied: what edges may be sent without getting ahead
 * of their shields. An edge that applies a new config or a purge before the shields do fetches its next miss
 * from a shield that does not know the service yet (a 404) or still holds the purged object (which the edge then
 * stores again, stale). So edges are sent an event once the shields have acknowledged it (see {@link ShieldLead}).
 *
 * <p>The value is read from the node registry: once a second, and whenever a shield's acks are stored or a
 * shield connects or disconnects, on this replica or on another (which notifies {@value #CHANNEL}).
 * Each change wakes this replica's edge streams. Without connected shields there is nothing to wait for.
 */
@Component
class ShieldWatermark implements SmartLifecycle {

    static final String CHANNEL = "cdn_shield_acks";
    /** No shield is connected: no event waits for one. */
    static final long NO_SHIELDS = Long.MAX_VALUE;
    private static final Logger log = LoggerFactory.getLogger(ShieldWatermark.class);

    private final DatabaseClient db;
    private final EdgeEventHub hub;
    private final Duration poll;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean readAgain = new AtomicBoolean();
    private volatile long value = NO_SHIELDS;
    private volatile Disposable ticker;

    ShieldWatermark(DatabaseClient db, EdgeEventHub hub, @Value("${cdn.edge.poll-interval:1s}") Duration poll) {
        this.db = db;
        this.hub = hub;
        this.poll = poll;
    }

    /** The highest sequence every connected shield has applied, or {@link #NO_SHIELDS}. */
    long value() {
        return value;
    }

    /** Re-reads the registry (once at a time; a call during a read makes that read run again after it). */
    void refresh() {
        if (!reading.compareAndSet(false, true)) {
            readAgain.set(true);
            return;
        }
        readAgain.set(false);
        db.sql("""
                        SELECT min(applied_seq) AS low FROM edge_nodes
                        WHERE role = 'shield' AND disconnected_at IS NULL AND decommissioned_at IS NULL""")
                .map((row, meta) -> {
                    Long low = row.get("low", Long.class);
                    return low == null ? NO_SHIELDS : low;
                })
                .one()
                .defaultIfEmpty(NO_SHIELDS)
                .doOnNext(this::set)
                .doFinally(signal -> {
                    reading.set(false);
                    if (readAgain.get()) {
                        refresh();
                    }
                })
                .subscribe(null, e -> log.debug("reading the shields' applied sequence failed: {}", e.toString()));
    }

    private void set(long low) {
        long before = value;
        value = low;
        if (low != before) {
            // Wake the edge streams for what they may now send: every event up to the new mark is committed.
            hub.announce(low == NO_SHIELDS ? EdgeEventHub.UNKNOWN : low);
        }
    }

    /** A shield's acks were stored here: read the mark again, and tell the other replicas to. */
    @EventListener
    void onAcks(EdgeAcksReceived acks) {
        if ("shield".equals(acks.role())) {
            changed();
        }
    }

    /** A shield's acks were stored, or a shield connected or disconnected, on this replica. */
    void changed() {
        refresh();
        db.sql("SELECT pg_notify('" + CHANNEL + "', '')").then()
                .subscribe(null, e -> log.debug("notifying a shield change failed: {}", e.toString()));
    }

    @Override
    public void start() {
        refresh();
        ticker = Flux.interval(poll, poll).onBackpressureDrop().subscribe(t -> refresh());
    }

    @Override
    public void stop() {
        Disposable t = ticker;
        if (t != null) {
            t.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable t = ticker;
        return t != null && !t.isDisposed();
    }
}
