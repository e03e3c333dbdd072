package dev.cdn.api.alert;

import java.time.Duration;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The one-evaluator-at-a-time lease: a single row that a replica takes when it is free (expired) or already its
 * own, for a few pass intervals. The conditional UPDATE makes two replicas' attempts meet on the row's lock, so
 * at most one holds it; a crashed holder's lease runs out and another replica takes over.
 */
final class EvaluatorLease {

    private final DatabaseClient db;
    private final Duration length;
    private final String holder = UUID.randomUUID().toString();

    EvaluatorLease(DatabaseClient db, Duration length) {
        this.db = db;
        this.length = length;
    }

    /** True when this replica holds the lease now (taken or extended). */
    Mono<Boolean> take() {
        return db.sql("""
                        UPDATE alert_evaluator_lease SET holder = :me, until = now() + make_interval(secs => :secs)
                        WHERE id = 1 AND (until < now() OR holder = :me) RETURNING 1 AS held""")
                .bind("me", holder).bind("secs", (double) length.toMillis() / 1000)
                .map((row, meta) -> true).one().defaultIfEmpty(false);
    }

    /** Gives the lease up (at shutdown), so another replica takes over at its next pass. */
    Mono<Void> release() {
        return db.sql("UPDATE alert_evaluator_lease SET until = '-infinity' WHERE id = 1 AND holder = :me")
                .bind("me", holder).then();
    }
}
