package dev.cdn.api.domain;

import dev.cdn.api.schedule.PeriodicJob;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Re-checks domain claims periodically on one replica: each pass first takes (or extends) a lease row; a replica
 * that does not hold it skips the pass. Pending claims are retried, verified ones re-proved (and lapse after
 * {@code cdn.domains.lapse-after} failures in a row), lapsed ones can come back. A pass checks a bounded batch of
 * the claims that are due, a few at a time.
 */
@Component
class DomainRechecker extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(DomainRechecker.class);
    private static final int BATCH = 200;
    private static final int CONCURRENCY = 4;

    private final DatabaseClient db;
    private final DomainRegistry registry;
    private final Duration leaseTime;
    private final boolean enabled;
    private final String replica = UUID.randomUUID().toString();

    /** @param enabled {@code cdn.domains.recheck-enabled}: tests that drive {@link #passNow} themselves turn it off */
    DomainRechecker(DatabaseClient db, DomainRegistry registry, DomainSettings settings,
                    @Value("${cdn.domains.recheck-enabled:true}") boolean enabled) {
        super("domain re-check pass", Duration.ofSeconds(5), passInterval(settings.recheckInterval()));
        this.db = db;
        this.registry = registry;
        this.leaseTime = passInterval(settings.recheckInterval()).multipliedBy(3);
        this.enabled = enabled;
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    /** Passes run more often than the re-check interval, so that claims fall due evenly, not all at once. */
    private static Duration passInterval(Duration recheck) {
        Duration quarter = recheck.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
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
                .bind("me", replica).bind("secs", (double) leaseTime.toSeconds())
                .map((row, meta) -> true).one().defaultIfEmpty(false);
    }

    @Override
    protected Mono<Long> runOnce() {
        return passNow();
    }
}
