package dev.cdn.api.fleet;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.audit.OperatorAuditLog;
import dev.cdn.api.security.OperatorPrincipal;
import dev.cdn.api.security.TokenSecrets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Operator endpoints: the edge registry and edge credentials. */
@RestController
class FleetController {

    /**
     * A node as the operator sees it; {@code lag} is how many events it has yet to apply; {@code diskUnverified} the
     * latest time it served its disk without having caught up after a restart (null if it never did).
     */
    record Edge(String nodeId, String role, String pop, long appliedSeq, long lag, boolean connected,
                Instant connectedAt, Instant lastSeenAt, DiskUnverified diskUnverified) {
    }

    /** A span of fail-static disk serving, as the node reported it once it had caught up. */
    record DiskUnverified(Instant since, Instant until, double seconds, long hits) {

        static DiskUnverified of(OffsetDateTime since, OffsetDateTime until, Long hits) {
            if (since == null || until == null) {
                return null;
            }
            return new DiskUnverified(since.toInstant(), until.toInstant(),
                    java.time.Duration.between(since, until).toMillis() / 1000.0, hits == null ? 0 : hits);
        }
    }

    record EdgeToken(UUID id, String name, String prefix, Instant createdAt, Instant revokedAt, String token) {
    }

    record CreateToken(String name) {
    }

    /** A node counts as connected when it was heard from within this many seconds (heartbeats are every 10 s). */
    static final int CONNECTED_WITHIN_SECONDS = 30;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final OperatorAuditLog audit;

    FleetController(DatabaseClient db, TransactionalOperator tx, OperatorAuditLog audit) {
        this.db = db;
        this.tx = tx;
        this.audit = audit;
    }

    private static String actor(OperatorPrincipal operator) {
        return operator == null ? "operator" : operator.name();
    }

    @GetMapping("/v1/edges")
    Mono<Map<String, Object>> edges() {
        return db.sql("""
                        SELECT n.*, (SELECT coalesce(max(seq), 0) FROM edge_events) AS head,
                               n.disconnected_at IS NULL
                                 AND n.last_seen_at > now() - make_interval(secs => :within) AS connected
                        FROM edge_nodes n WHERE n.decommissioned_at IS NULL ORDER BY n.role, n.node_id""")
                .bind("within", CONNECTED_WITHIN_SECONDS)
                .map((row, meta) -> {
                    long applied = row.get("applied_seq", Long.class);
                    OffsetDateTime connectedAt = row.get("connected_at", OffsetDateTime.class);
                    return new Edge(row.get("node_id", String.class), row.get("role", String.class),
                            row.get("pop", String.class), applied, Math.max(0, row.get("head", Long.class) - applied),
                            Boolean.TRUE.equals(row.get("connected", Boolean.class)),
                            connectedAt == null ? null : connectedAt.toInstant(),
                            row.get("last_seen_at", OffsetDateTime.class).toInstant(),
                            DiskUnverified.of(row.get("disk_unverified_since", OffsetDateTime.class),
                                    row.get("disk_unverified_until", OffsetDateTime.class),
                                    row.get("disk_unverified_hits", Long.class)));
                })
                .all().collectList().map(items -> Map.of("items", items));
    }

    /**
     * Decommissions a node: it leaves the fleet, so purges stop waiting for it (a node that is gone for good would
     * keep them {@code partial}). It stays out until it opens a new event stream (it restarted), resuming from its
     * applied sequence: acks it sent before it closed that are stored afterwards are ignored (docs/operations.md).
     */
    @DeleteMapping("/v1/edges/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> decommission(@AuthenticationPrincipal OperatorPrincipal operator, @PathVariable("id") String nodeId) {
        // Marked, not deleted: see db/migrations/V13 for why a deleted row would come back.
        return db.sql("""
                        UPDATE edge_nodes SET decommissioned_at = now()
                        WHERE node_id = :node AND decommissioned_at IS NULL RETURNING role, pop""")
                .bind("node", nodeId).map((row, meta) -> node(nodeId, row.get("role", String.class),
                        row.get("pop", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("edge " + nodeId)))
                .flatMap(node -> audit.record(actor(operator), "edge.decommission", "edge", nodeId, node, null))
                .as(tx::transactional);
    }

    private static Map<String, Object> node(String nodeId, String role, String pop) {
        Map<String, Object> node = new java.util.LinkedHashMap<>();
        node.put("nodeId", nodeId);
        node.put("role", role);
        node.put("pop", pop);
        return node;
    }

    @PostMapping("/v1/edge-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<EdgeToken> create(@AuthenticationPrincipal OperatorPrincipal operator, @RequestBody CreateToken body) {
        new Validation().name(body.name(), "name", dev.cdn.config.Names.DISPLAY_MAX).throwIfInvalid();
        String secret = TokenSecrets.newSecret("e");
        UUID id = UUID.randomUUID();
        String name = body.name().trim();
        // The record names the token by id, name and prefix: never the secret or its hash.
        return db.sql("INSERT INTO edge_tokens (id, name, token_hash, token_prefix) VALUES (:id, :name, :hash, :prefix)")
                .bind("id", id).bind("name", name).bind("hash", TokenSecrets.hash(secret))
                .bind("prefix", TokenSecrets.prefix(secret)).then()
                .then(audit.record(actor(operator), "edge-token.create", "edge-token", id.toString(), null,
                        Map.of("id", id.toString(), "name", name, "prefix", TokenSecrets.prefix(secret))))
                .as(tx::transactional)
                .thenReturn(new EdgeToken(id, name, TokenSecrets.prefix(secret), Instant.now(), null, secret));
    }

    @GetMapping("/v1/edge-tokens")
    Mono<Map<String, Object>> tokens() {
        return db.sql("SELECT id, name, token_prefix, created_at, revoked_at FROM edge_tokens ORDER BY created_at")
                .map((row, meta) -> {
                    OffsetDateTime revoked = row.get("revoked_at", OffsetDateTime.class);
                    return new EdgeToken(row.get("id", UUID.class), row.get("name", String.class),
                            row.get("token_prefix", String.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                            revoked == null ? null : revoked.toInstant(), null);
                })
                .all().collectList().map(items -> Map.of("items", items));
    }

    @DeleteMapping("/v1/edge-tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(@AuthenticationPrincipal OperatorPrincipal operator, @PathVariable UUID id) {
        // Revoking twice answers 204 both times; only the call that revoked it is recorded (now() is the transaction's
        // start, so revoked_at equals it exactly when this call set it).
        return db.sql("""
                        UPDATE edge_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id
                        RETURNING name, token_prefix, revoked_at = now() AS now_revoked""")
                .bind("id", id)
                .map((row, meta) -> Boolean.TRUE.equals(row.get("now_revoked", Boolean.class))
                        ? Map.of("id", id.toString(), "name", row.get("name", String.class),
                                "prefix", row.get("token_prefix", String.class))
                        : Map.<String, String>of())
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("edge token " + id)))
                .flatMap(token -> token.isEmpty() ? Mono.<Void>empty()
                        : audit.record(actor(operator), "edge-token.revoke", "edge-token", id.toString(), token, null))
                .as(tx::transactional);
    }
}
