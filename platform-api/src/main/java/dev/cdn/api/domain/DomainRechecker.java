package dev.cdn.api.domain;

import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Re-checks domain claims periodically on one replica: each pass first takes (or extends) a lease row; a replica
 * that does not hold it skips the pass. Pending claims are retried, verified ones re-proved (and lapse after
 * {@code cdn.domains.lapse-after} failures in a row), lapsed ones can come back. A pass checks a bounded batch of
 * the claims that are due, a few at a time.
 */
@Component
class DomainRechecker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DomainRechecker.class);
    private static final int BATCH = 200;
    private static final int CONCURRENCY = 4;

    private final DatabaseClient db;
    private final DomainRegistry registry;
    private final Duration interval;
    private final String replica = UUID.randomUUID().toString();
    private volatile Disposable schedule;

    DomainRechecker(DatabaseClient db, DomainRegistry registry, DomainSettings settings) {
        this.db = db;
        this.registry = registry;
        // Passes run more often than the re-check interval so that claims fall due evenly, not all at once.
        this.interval = settings.recheckInterval().dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : settings.recheckInterval().dividedBy(4);
    }

    /** Runs one pass if this replica holds the lease; answers how many claims were checked. */
    Mono<Long> passNow() {
        return takeLease().flatMap(held -> !held ? Mono.just(0L)
                : registry.due(BATCH)
                        .flatMap(claim -> registry.check(claim).onErrorResume(e -> {
                            log.warn("re-check of domain {} failed: {}", claim.name(), e.toString());
                            return Mono.empty();
                        }), CONCURRENCY)
                        .count());
    }

    /** Takes the lease when it is free or ours, for three pass intervals (a crashed holder is replaced). */
    private Mono<Boolean> takeLease() {
        return db.sql("""
                        UPDATE domain_recheck_lease SET holder = :me, until = now() + make_interval(secs => :secs)
                        WHERE id = 1 AND (until < now() OR holder = :me) RETURNING 1 AS held""")
                .bind("me", replica).bind("secs", (double) interval.multipliedBy(3).toSeconds())
                .map((row, meta) -> true).one().defaultIfEmpty(false);
    }

    @Override
    public void start() {
        schedule = Flux.interval(Duration.ofSeconds(5), interval)
                .concatMap(t -> passNow().onErrorResume(e -> {
                    log.warn("domain re-check pass failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable s = schedule;
        if (s != null) {
            s.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable s = schedule;
        return s != null && !s.isDisposed();
    }
}
