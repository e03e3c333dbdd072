package dev.cdn.api.pops;

import dev.cdn.api.error.Validation;
import dev.cdn.api.security.EdgePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Live PoP health and load (docs/routing.md, "Live load from the fleet"): edges report their load, and the operator
 * (the GeoDNS responder) reads it per PoP.
 */
@RestController
class PopLoadController {

    /** A node counts as connected when heard from within this many seconds (as {@code GET /v1/edges} says). */
    static final int CONNECTED_WITHIN_SECONDS = 30;
    /** A load figure older than this is no longer a reading of the present: the PoP then shows none. */
    static final int LOAD_FRESH_SECONDS = 30;

    /** Body of {@code POST /v1/edge/load}: the node's load (0..1) and what it was computed from. */
    record LoadReport(Double load, Integer connections, Integer capacity) {
    }

    /**
     * One PoP: its edge-role nodes, how many are connected, its load (the mean of its connected edges' fresh
     * figures; null when none reported one), when the newest was reported, and its region in the shield topology.
     */
    record Pop(String pop, String region, int edges, int connectedEdges, String health, Double load,
               Instant loadReportedAt) {
    }

    private final DatabaseClient db;

    PopLoadController(DatabaseClient db) {
        this.db = db;
    }

    @PostMapping("/v1/edge/load")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Report this node's load (0..1: its open client connections over its capacity)")
    Mono<Void> report(@AuthenticationPrincipal EdgePrincipal edge, @RequestBody(required = false) LoadReport body) {
        return Mono.defer(() -> {
            Validation v = new Validation();
            v.require(body != null && body.load() != null && body.load() >= 0 && body.load() <= 1, "load",
                    "must be a number from 0 to 1");
            v.require(body == null || body.connections() == null || body.connections() >= 0, "connections",
                    "must not be negative");
            v.require(body == null || body.capacity() == null || body.capacity() >= 1, "capacity", "must be positive");
            v.throwIfInvalid();
            // A node that is not registered (no event stream yet) or was decommissioned has no PoP to count in.
            return db.sql("""
                            UPDATE edge_nodes SET load = :load, load_reported_at = now()
                            WHERE node_id = :node AND decommissioned_at IS NULL""")
                    .bind("load", body.load()).bind("node", edge.nodeId()).then();
        });
    }

    @GetMapping("/v1/pops")
    @Operation(summary = "List the edge PoPs with their live health and load")
    Mono<Map<String, Object>> pops() {
        return db.sql("""
                        WITH nodes AS (
                          SELECT pop, load, load_reported_at,
                                 disconnected_at IS NULL
                                   AND last_seen_at > now() - make_interval(secs => :connected) AS connected
                          FROM edge_nodes WHERE role = 'edge' AND decommissioned_at IS NULL)
                        SELECT pop, count(*) AS edges, count(*) FILTER (WHERE connected) AS connected_edges,
                               avg(load) FILTER (WHERE connected
                                   AND load_reported_at > now() - make_interval(secs => :fresh)) AS load,
                               max(load_reported_at) FILTER (WHERE connected) AS load_reported_at,
                               (SELECT r->>'name' FROM shield_topology_versions t,
                                       jsonb_array_elements(t.document->'regions') r
                                WHERE r->'pops' @> to_jsonb(nodes.pop) ORDER BY t.version DESC LIMIT 1) AS region
                        FROM nodes GROUP BY pop ORDER BY pop""")
                .bind("connected", CONNECTED_WITHIN_SECONDS).bind("fresh", LOAD_FRESH_SECONDS)
                .map((row, meta) -> {
                    int connected = row.get("connected_edges", Long.class).intValue();
                    OffsetDateTime at = row.get("load_reported_at", OffsetDateTime.class);
                    return new Pop(row.get("pop", String.class), row.get("region", String.class),
                            row.get("edges", Long.class).intValue(), connected, connected > 0 ? "up" : "down",
                            row.get("load", Double.class), at == null ? null : at.toInstant());
                })
                .all().collectList().map(items -> Map.of("items", items));
    }
}
