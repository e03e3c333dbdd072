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
     * One node's state for the service: {@code status} is {@code current} (runs the active version),
     * {@code behind} (runs an older one), {@code failed} (refused the last version it was sent) or
     * {@code pending} (has acknowledged no version yet).
     */
    record EdgeVersion(String nodeId, String role, String pop, Integer version, String status, String error,
                       Instant appliedAt, Instant lastSeenAt) {
    }

    private final ServiceCatalog catalog;
    private final DatabaseClient db;

    RolloutController(ServiceCatalog catalog, DatabaseClient db) {
        this.catalog = catalog;
        this.db = db;
    }

    @GetMapping("/v1/services/{id}/rollout")
    Mono<Map<String, Object>> rollout(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        return catalog.get(caller, id).flatMap(service -> db.sql("""
                        SELECT n.node_id, n.role, n.pop, n.last_seen_at, ok.version AS ok_version, ok.acked_at,
                               bad.version AS bad_version, bad.error
                        FROM edge_nodes n
                        LEFT JOIN LATERAL (SELECT version, acked_at FROM edge_acks WHERE node_id = n.node_id
                            AND service_id = :id AND version IS NOT NULL AND status = 'applied'
                            ORDER BY version DESC LIMIT 1) ok ON true
                        LEFT JOIN LATERAL (SELECT version, error FROM edge_acks WHERE node_id = n.node_id
                            AND service_id = :id AND version IS NOT NULL AND status = 'failed'
                            ORDER BY seq DESC LIMIT 1) bad ON true
                        WHERE n.disconnected_at IS NULL AND n.last_seen_at > now() - interval '30 seconds'
                        ORDER BY n.role, n.node_id""")
                .bind("id", id)
                .map((row, meta) -> {
                    Integer version = row.get("ok_version", Integer.class);
                    Integer failed = row.get("bad_version", Integer.class);
                    Integer active = service.activeVersion();
                    String status = failed != null && (version == null || failed > version) ? "failed"
                            : version == null ? "pending"
                            : active != null && version.equals(active) ? "current" : "behind";
                    OffsetDateTime acked = row.get("acked_at", OffsetDateTime.class);
                    return new EdgeVersion(row.get("node_id", String.class), row.get("role", String.class),
                            row.get("pop", String.class), version, status,
                            status.equals("failed") ? row.get("error", String.class) : null,
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
