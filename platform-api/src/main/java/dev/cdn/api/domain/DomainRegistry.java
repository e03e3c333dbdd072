package dev.cdn.api.domain;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.DomainScope;
import dev.cdn.config.HostNames;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A service's domain claims and their ownership checks. A check runs outside any transaction (DNS and HTTP take
 * time); its outcome is then recorded under the claim lock: a proof makes the claim verified unless another tenant
 * verified an overlapping name meanwhile, a failure counts towards lapsing a verified claim. Entering or leaving
 * the verified state re-publishes the service's active version to the edges.
 */
@Service
class DomainRegistry {

    private static final Logger log = LoggerFactory.getLogger(DomainRegistry.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final DomainClaims claims;
    private final OwnershipCheck check;
    private final VerifiedPublisher publisher;
    private final DomainSettings settings;

    DomainRegistry(DatabaseClient db, TransactionalOperator tx, DomainClaims claims, OwnershipCheck check,
                   VerifiedPublisher publisher, DomainSettings settings) {
        this.db = db;
        this.tx = tx;
        this.claims = claims;
        this.check = check;
        this.publisher = publisher;
        this.settings = settings;
    }

    /** One stored claim. */
    record Claim(UUID serviceId, UUID tenantId, String name, DomainState state, String token, Instant verifiedAt,
                 Instant checkedAt, int failedChecks, String lastOutcome) {
    }

    Flux<DomainView> list(TenantPrincipal caller, UUID serviceId) {
        caller.requireService(serviceId);
        return owned(caller, serviceId).thenMany(db.sql(SELECT + " WHERE service_id = :id ORDER BY name")
                .bind("id", serviceId).map((row, meta) -> claim(row)).all().map(this::view));
    }

    /** Checks one claim now and answers its new state. */
    Mono<DomainView> checkNow(TenantPrincipal caller, UUID serviceId, String domain) {
        caller.requireService(serviceId);
        String name = HostNames.normalize(domain);
        return owned(caller, serviceId)
                .then(db.sql(SELECT + " WHERE service_id = :id AND name = :name").bind("id", serviceId)
                        .bind("name", name).map((row, meta) -> claim(row)).one())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("domain " + name + " of service " + serviceId)))
                .flatMap(this::check)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("domain " + name + " of service " + serviceId)))
                .map(this::view);
    }

    /** Claims whose last check is older than the re-check interval, oldest first, at most {@code limit}. */
    Flux<Claim> due(int limit) {
        return db.sql(SELECT + """
                         WHERE checked_at IS NULL OR checked_at < now() - make_interval(secs => :interval)
                        ORDER BY checked_at NULLS FIRST LIMIT :limit""")
                .bind("interval", (double) settings.recheckInterval().toSeconds()).bind("limit", limit)
                .map((row, meta) -> claim(row)).all();
    }

    /** Runs the ownership check of one claim and records its outcome; answers the claim as stored after. */
    Mono<Claim> check(Claim claim) {
        return check.check(claim.name(), claim.token())
                .flatMap(outcome -> record(claim, outcome).as(tx::transactional));
    }

    /** Under the claim lock: re-reads the claim (it may have changed or gone meanwhile), decides, stores. */
    private Mono<Claim> record(Claim checked, CheckOutcome measured) {
        return claims.lock().then(reload(checked)).flatMap(claim -> decide(claim, measured)
                .flatMap(outcome -> store(claim, outcome)));
    }

    private Mono<CheckOutcome> decide(Claim claim, CheckOutcome measured) {
        if (!measured.proves()) {
            return Mono.just(measured);
        }
        return claims.verifiedByOthers(claim.tenantId(), List.of(claim.name()))
                .map(others -> others.isEmpty() ? measured : CheckOutcome.CLAIMED_BY_ANOTHER_TENANT);
    }

    private Mono<Claim> reload(Claim claim) {
        return db.sql(SELECT + " WHERE service_id = :id AND name = :name").bind("id", claim.serviceId())
                .bind("name", claim.name()).map((row, meta) -> claim(row)).one();
    }

    private Mono<Claim> store(Claim claim, CheckOutcome outcome) {
        boolean wasVerified = claim.state() == DomainState.VERIFIED;
        int failed = outcome.proves() ? 0 : claim.failedChecks() + 1;
        DomainState next = outcome.proves() ? DomainState.VERIFIED
                : wasVerified && failed >= settings.lapseAfter() ? DomainState.LAPSED : claim.state();
        Mono<Void> store = db.sql("""
                        UPDATE domains SET state = :state, failed_checks = :failed, checked_at = now(),
                               last_outcome = :outcome,
                               verified_at = CASE WHEN :state = 'verified' AND state <> 'verified' THEN now()
                                                  ELSE verified_at END
                        WHERE service_id = :service AND name = :name""")
                .bind("state", next.wireName()).bind("failed", failed).bind("outcome", outcome.wireName())
                .bind("service", claim.serviceId()).bind("name", claim.name()).then();
        boolean changed = wasVerified != (next == DomainState.VERIFIED);
        if (changed) {
            log.info("domain {} of service {}: {} -> {} ({})", claim.name(), claim.serviceId(),
                    claim.state().wireName(), next.wireName(), outcome.wireName());
        }
        return store.then(changed ? publisher.republish(claim.serviceId()) : Mono.empty()).then(reload(claim));
    }

    private Mono<Void> owned(TenantPrincipal caller, UUID serviceId) {
        return db.sql("SELECT id FROM services WHERE id = :id AND tenant_id = :tenant")
                .bind("id", serviceId).bind("tenant", caller.tenantId())
                .map((row, meta) -> 1).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                .then();
    }

    private DomainView view(Claim c) {
        String base = DomainScope.base(c.name());
        DomainView.TxtRecord txt = new DomainView.TxtRecord(OwnershipCheck.txtName(c.name()), "TXT", c.token());
        DomainView.HttpToken http = DomainScope.isWildcard(c.name()) ? null
                : new DomainView.HttpToken("http://" + base + HttpTokenProbe.PATH_PREFIX + c.token(), c.token());
        String detail = c.lastOutcome() == null ? null
                : CheckOutcome.valueOf(c.lastOutcome().toUpperCase(Locale.ROOT)).description();
        return new DomainView(c.name(), c.state().wireName(), new DomainView.Verification(txt, http), c.verifiedAt(),
                c.checkedAt(), c.failedChecks(), c.lastOutcome(), detail);
    }

    private static final String SELECT = """
            SELECT service_id, tenant_id, name, state, token, verified_at, checked_at, failed_checks, last_outcome
            FROM domains""";

    private static Claim claim(Readable row) {
        return new Claim(row.get("service_id", UUID.class), row.get("tenant_id", UUID.class),
                row.get("name", String.class), DomainState.fromWire(row.get("state", String.class)),
                row.get("token", String.class), instant(row.get("verified_at", OffsetDateTime.class)),
                instant(row.get("checked_at", OffsetDateTime.class)), row.get("failed_checks", Integer.class),
                row.get("last_outcome", String.class));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
