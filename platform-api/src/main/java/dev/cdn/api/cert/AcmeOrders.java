package dev.cdn.api.cert;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code acme_orders} and {@code acme_challenges} tables: per-service ACME state and the answers edges serve. */
@Component
class AcmeOrders {

    /** A service's ACME state as the API shows it. */
    record State(String status, List<String> names, int attempts, String lastError, Instant lastAttemptAt,
                 Instant nextAttemptAt, String certificateId) {
    }

    /** A service the platform may order for: it is active and has verified domains. */
    record Candidate(UUID serviceId, UUID tenantId) {
    }

    private final DatabaseClient db;

    AcmeOrders(DatabaseClient db) {
        this.db = db;
    }

    Flux<Candidate> candidates() {
        return db.sql("""
                        SELECT s.id, s.tenant_id FROM services s
                        WHERE s.active_version IS NOT NULL
                          AND EXISTS (SELECT 1 FROM domains d WHERE d.service_id = s.id AND d.state = 'verified'
                                                               AND d.name NOT LIKE '*.%')
                        ORDER BY s.id""")
                .map((row, meta) -> new Candidate(row.get("id", UUID.class), row.get("tenant_id", UUID.class))).all();
    }

    /**
     * Claims the service's next attempt when it is due: one replica wins, and holds it for {@code lease} (a replica
     * that dies mid-order leaves it to be retried then). Empty when another replica holds it or it is not due.
     */
    Mono<Integer> claim(Candidate c, List<String> names, Instant now, Duration lease) {
        return db.sql("""
                        INSERT INTO acme_orders (service_id, tenant_id, status, names, last_attempt_at, next_attempt_at)
                        VALUES (:service, :tenant, 'pending', :names, :now, :until)
                        ON CONFLICT (service_id) DO UPDATE SET status = 'pending', names = :names,
                               last_attempt_at = :now, next_attempt_at = :until
                        WHERE acme_orders.next_attempt_at <= :now
                        RETURNING attempts""")
                .bind("service", c.serviceId()).bind("tenant", c.tenantId()).bind("names", names.toArray(String[]::new))
                .bind("now", at(now)).bind("until", at(now.plus(lease)))
                .map((row, meta) -> row.get("attempts", Integer.class)).one();
    }

    Mono<Void> issued(UUID serviceId, UUID certificateId, Instant renewAt) {
        return db.sql("""
                        UPDATE acme_orders SET status = 'issued', certificate_id = :cert, attempts = 0, last_error = NULL,
                               next_attempt_at = :next WHERE service_id = :service""")
                .bind("cert", certificateId).bind("next", at(renewAt)).bind("service", serviceId).then();
    }

    Mono<Void> failed(UUID serviceId, String error, Instant next) {
        return db.sql("""
                        UPDATE acme_orders SET status = 'failed', attempts = attempts + 1, last_error = :error,
                               next_attempt_at = :next WHERE service_id = :service""")
                .bind("error", error.length() > 1000 ? error.substring(0, 1000) : error).bind("next", at(next))
                .bind("service", serviceId).then();
    }

    Mono<State> state(UUID serviceId) {
        return db.sql("""
                        SELECT status, names, attempts, last_error, last_attempt_at, next_attempt_at, certificate_id
                        FROM acme_orders WHERE service_id = :service""")
                .bind("service", serviceId)
                .map((row, meta) -> new State(row.get("status", String.class),
                        List.of(row.get("names", String[].class)), row.get("attempts", Integer.class),
                        row.get("last_error", String.class), instant(row.get("last_attempt_at", OffsetDateTime.class)),
                        instant(row.get("next_attempt_at", OffsetDateTime.class)),
                        row.get("certificate_id", UUID.class) == null ? null
                                : row.get("certificate_id", UUID.class).toString()))
                .one();
    }

    Mono<Long> failing() {
        return db.sql("SELECT count(*) AS n FROM acme_orders WHERE status = 'failed'")
                .map((row, meta) -> row.get("n", Long.class)).one();
    }

    Mono<Void> addChallenges(UUID serviceId, List<AcmeClient.Answer> answers, Instant expires) {
        return Flux.fromIterable(answers).concatMap(a -> db.sql("""
                        INSERT INTO acme_challenges (host, token, key_authorization, service_id, expires_at)
                        VALUES (:host, :token, :auth, :service, :expires)
                        ON CONFLICT (host, token) DO UPDATE SET key_authorization = :auth, expires_at = :expires""")
                .bind("host", a.host()).bind("token", a.token()).bind("auth", a.keyAuthorization())
                .bind("service", serviceId).bind("expires", at(expires)).then()).then();
    }

    Mono<Void> removeChallenges(UUID serviceId) {
        return db.sql("DELETE FROM acme_challenges WHERE service_id = :service").bind("service", serviceId).then();
    }

    /** Whether every connected edge has applied the event {@code seq} (edges ack a certificates event once fetched). */
    Mono<Boolean> edgesApplied(long seq) {
        return db.sql("""
                        SELECT count(*) AS behind FROM edge_nodes
                        WHERE role = 'edge' AND disconnected_at IS NULL AND decommissioned_at IS NULL
                          AND applied_seq < :seq""")
                .bind("seq", seq).map((row, meta) -> row.get("behind", Long.class) == 0).one();
    }

    private static OffsetDateTime at(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
