package dev.cdn.api.service;

import dev.cdn.api.security.TenantPrincipal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /v1/services/{id}/rollout}: which edges run which version of a service. */
@RestController
class RolloutController {

    /**
     * One node's state for the service. The control channel's sequence, not the version number, says what is
     * current: {@code current} (acknowledged the latest activation, a rollback included), {@code behind} (has not
     * applied it yet), {@code failed} (refused it) or {@code pending} (has acknowledged no version yet).
     * {@code version} is what the node last applied; {@code reason} says why it is not current.
     * {@code error} is the node's own message when it refused (kept for older clients; {@code reason} has it too).
     */
    record EdgeVersion(String nodeId, String role, String pop, Integer version, String status, String reason,
                       String error, Instant appliedAt, Instant lastSeenAt) {
    }

    private final ServiceCatalog catalog;
    private final DatabaseClient db;

    RolloutController(ServiceCatalog catalog, DatabaseClient db) {
        this.catalog = catalog;
        this.db = db;
    }

    @GetMapping("/v1/services/{id}/rollout")
    Mono<Map<String, Object>> rollout(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        // "ok" is the node's latest applied config by sequence (a rollback is a later sequence with a lower
        // version), "last" its latest answer to a config, applied or refused; "activation" is the sequence of the
        // service's latest config event, which compaction always keeps.
        return catalog.get(caller, id).flatMap(service -> db.sql("""
                        SELECT n.node_id, n.role, n.pop, n.applied_seq, n.last_seen_at,
                               ok.version AS ok_version, ok.seq AS ok_seq, ok.acked_at,
                               last.status AS last_status, last.seq AS last_seq, last.error,
                               (SELECT max(seq) FROM edge_events WHERE service_id = :id AND kind = 'config') AS activation
                        FROM edge_nodes n
                        LEFT JOIN LATERAL (SELECT seq, version, acked_at FROM edge_acks WHERE node_id = n.node_id
                            AND service_id = :id AND version IS NOT NULL AND status = 'applied'
                            ORDER BY seq DESC LIMIT 1) ok ON true
                        LEFT JOIN LATERAL (SELECT seq, status, error FROM edge_acks WHERE node_id = n.node_id
                            AND service_id = :id AND version IS NOT NULL
                            ORDER BY seq DESC LIMIT 1) last ON true
                        WHERE n.disconnected_at IS NULL AND n.last_seen_at > now() - interval '30 seconds'
                            AND n.decommissioned_at IS NULL
                        ORDER BY n.role, n.node_id""")
                .bind("id", id)
                .map((row, meta) -> {
                    Integer version = row.get("ok_version", Integer.class);
                    Long okSeq = row.get("ok_seq", Long.class);
                    Long lastSeq = row.get("last_seq", Long.class);
                    Long activation = row.get("activation", Long.class);
                    long applied = row.get("applied_seq", Long.class);
                    Integer active = service.activeVersion();
                    boolean refused = "failed".equals(row.get("last_status", String.class))
                            && activation != null && lastSeq >= activation;
                    String status;
                    String reason;
                    if (refused) {
                        status = "failed";
                        reason = row.get("error", String.class);
                    } else if (version == null) {
                        status = "pending";
                        reason = "has acknowledged no version yet";
                    } else if (active != null && activation != null && okSeq >= activation && version.equals(active)) {
                        status = "current";
                        reason = null;
                    } else {
                        status = "behind";
                        reason = "runs version " + version + "; has not applied the activation of version " + active
                                + (activation == null ? "" : " (seq " + activation + ")") + ", applied through seq " + applied;
                    }
                    OffsetDateTime acked = row.get("acked_at", OffsetDateTime.class);
                    return new EdgeVersion(row.get("node_id", String.class), row.get("role", String.class),
                            row.get("pop", String.class), version, status, reason,
                            refused ? reason : null,
                            acked == null ? null : acked.toInstant(),
                            row.get("last_seen_at", OffsetDateTime.class).toInstant());
                })
                .all().collectList()
                .map(edges -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("activeVersion", service.activeVersion());
                    out.put("complete", !edges.isEmpty() && edges.stream().allMatch(e -> e.status().equals("current")));
                    out.put("edges", edges);
                    return out;
                }));
    }
}
