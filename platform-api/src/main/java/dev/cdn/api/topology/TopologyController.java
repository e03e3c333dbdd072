package dev.cdn.api.topology;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.api.etag.Tagged;
import dev.cdn.api.security.OperatorPrincipal;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.topology.Topology;
import dev.cdn.config.topology.TopologyValidator;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Operator endpoints of the shield topology (docs/routing.md, "Topology"): read it with its ETag, replace it whole
 * under If-Match, and see which topology version each node runs.
 */
@RestController
class TopologyController {

    /**
     * The topology as the API shows it. {@code managedBy} is {@code deployment} when {@code CDN_TOPOLOGY_BOOTSTRAP}
     * owns it (then PUT is refused), else {@code api}.
     */
    record View(long version, String source, String managedBy, String updatedBy, Instant updatedAt,
                List<Topology.Region> regions) {
    }

    /** Body of {@code PUT /v1/topology}: the whole document (fields of {@link View} other than regions are ignored). */
    record Replace(List<Topology.Region> regions) {
    }

    /** A node and the topology version it last acknowledged ({@code status} of that ack: applied or failed). */
    record NodeTopology(String nodeId, String role, String pop, boolean connected, Long topologyVersion,
                        String status, String error, Instant ackedAt) {
    }

    private final TopologyStore store;
    private final TopologyBootstrap bootstrap;
    private final DatabaseClient db;

    TopologyController(TopologyStore store, TopologyBootstrap bootstrap, DatabaseClient db) {
        this.store = store;
        this.bootstrap = bootstrap;
        this.db = db;
    }

    @GetMapping("/v1/topology")
    @Operation(summary = "Read the shield topology (regions, their shields and edge PoPs) with its ETag")
    Mono<ResponseEntity<View>> get() {
        return store.current().map(s -> Tagged.ok(view(s), s.etag()));
    }

    @PutMapping("/v1/topology")
    @Operation(summary = "Replace the whole shield topology (If-Match required); nodes receive it as a topology event")
    Mono<ResponseEntity<View>> put(@AuthenticationPrincipal OperatorPrincipal operator,
                                   @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                   @RequestBody(required = false) Replace body) {
        return Mono.defer(() -> {
            if (bootstrap.owned()) {
                throw ApiException.conflict("the shield topology is managed by the deployment "
                        + "(CDN_TOPOLOGY_BOOTSTRAP, rendered by Terraform): change it there", List.of());
            }
            List<Topology.Region> regions = validated(body);
            return store.replace(regions, ifMatch, operator == null ? "operator" : operator.name())
                    .map(s -> Tagged.ok(view(s), s.etag()));
        });
    }

    @GetMapping("/v1/topology/nodes")
    @Operation(summary = "List the nodes with the topology version each last acknowledged")
    Mono<Map<String, Object>> nodes() {
        return db.sql("""
                        SELECT n.node_id, n.role, n.pop,
                               n.disconnected_at IS NULL AND n.last_seen_at > now() - interval '30 seconds' AS connected,
                               a.version, a.status, a.error, a.acked_at
                        FROM edge_nodes n
                        LEFT JOIN LATERAL (SELECT version, status, error, acked_at FROM edge_acks
                                           WHERE node_id = n.node_id AND service_id = :subject
                                           ORDER BY seq DESC LIMIT 1) a ON true
                        WHERE n.decommissioned_at IS NULL ORDER BY n.role, n.node_id""")
                .bind("subject", UUID.fromString(EdgeEvent.TOPOLOGY_SUBJECT))
                .map((row, meta) -> {
                    Integer version = row.get("version", Integer.class);
                    OffsetDateTime at = row.get("acked_at", OffsetDateTime.class);
                    return new NodeTopology(row.get("node_id", String.class), row.get("role", String.class),
                            row.get("pop", String.class), Boolean.TRUE.equals(row.get("connected", Boolean.class)),
                            version == null ? null : version.longValue(), row.get("status", String.class),
                            row.get("error", String.class), at == null ? null : at.toInstant());
                })
                .all().collectList().map(items -> Map.of("items", items));
    }

    /** The regions of a valid body, or a 400 naming every bad field by its path. */
    private static List<Topology.Region> validated(Replace body) {
        if (body == null || body.regions() == null) {
            throw ApiException.invalid("regions", "is required (an empty list: no shield tier)");
        }
        List<FieldError> errors = TopologyValidator.validate(new Topology(0, body.regions())).stream()
                .map(v -> new FieldError(v.field(), v.message())).toList();
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return body.regions();
    }

    private View view(StoredTopology s) {
        return new View(s.version(), s.source().label(), bootstrap.owned() ? "deployment" : "api", s.createdBy(),
                s.createdAt(), s.topology().regions());
    }
}
