package dev.cdn.api.publish;

import dev.cdn.api.schedule.PeriodicJob;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps the edge event log bounded: events older than the retention are deleted, except each service's latest
 * config or removal and the latest topology (what a fresh edge needs). The highest deleted sequence is recorded so that an edge resuming
 * from before it is told to drop its cache rather than miss a purge. Safe to run on every replica at once.
 */
@Component
class EdgeLogCompactor extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(EdgeLogCompactor.class);

    private final DatabaseClient db;
    private final Duration retention;

    EdgeLogCompactor(DatabaseClient db,
                     @Value("${cdn.edge.event-retention:7d}") Duration retention,
                     @Value("${cdn.edge.compaction-interval:1h}") Duration interval) {
        super("edge event log compaction", interval, interval);
        this.db = db;
        this.retention = retention;
    }

    /** Deletes what the retention allows; returns how many events were removed. */
    Mono<Long> compactNow() {
        return db.sql("""
                        WITH keep AS (
                          (SELECT DISTINCT ON (service_id) seq FROM edge_events
                           WHERE kind IN ('config', 'remove') ORDER BY service_id, seq DESC)
                          UNION ALL
                          (SELECT seq FROM edge_events WHERE kind = 'topology' ORDER BY seq DESC LIMIT 1)),
                        gone AS (
                          DELETE FROM edge_events WHERE created_at < now() - make_interval(secs => :retention)
                            AND seq NOT IN (SELECT seq FROM keep) RETURNING seq),
                        moved AS (
                          UPDATE edge_log_state SET compacted_through = greatest(compacted_through,
                              (SELECT coalesce(max(seq), 0) FROM gone)) WHERE id = 1 RETURNING 1)
                        SELECT (SELECT count(*) FROM gone) AS n, (SELECT count(*) FROM moved) AS m""")
                .bind("retention", (double) retention.toSeconds())
                .map((row, meta) -> row.get("n", Long.class))
                .one();
    }

    @Override
    protected Mono<Long> runOnce() {
        return compactNow().doOnNext(n -> {
            if (n > 0) {
                log.info("compacted the edge event log: {} events older than {} removed", n, retention);
            }
        });
    }
}
