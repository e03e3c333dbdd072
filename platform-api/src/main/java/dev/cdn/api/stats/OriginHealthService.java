package dev.cdn.api.stats;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.EdgePrincipal;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.InvalidConfigException;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.wire.OriginHealthReport;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Origin health as the edges and shields report it with their stats: the latest state per service, origin and
 * node is stored ({@code origin_health}), and tenants read it per origin of a service, summed over the nodes that
 * reported recently.
 */
@Service
class OriginHealthService {

    /** A node's report is trusted this long: nodes re-send every origin about once a minute. */
    static final int FRESH_SECONDS = 180;

    /**
     * The health of a service's origins. {@code version} is the configuration the origins come from: the active
     * one, else the newest draft (whose origins no node runs yet, so they are unknown).
     */
    record ServiceHealth(UUID serviceId, int version, List<OriginState> origins) {
    }

    /**
     * One origin across nodes. {@code status}: {@code healthy} (every node that knows says so), {@code unhealthy}
     * (every node that knows says so), {@code degraded} (they disagree), {@code unknown} (no node knows);
     * {@code healthy}, {@code unhealthy}, {@code unknown} count the nodes that reported each.
     */
    record OriginState(String name, String pool, String status, int healthy, int unhealthy, int unknown,
                       Instant lastCheckedAt, String lastError, Instant lastErrorAt, List<NodeState> edges) {
    }

    /** One node's view of one origin. */
    record NodeState(String nodeId, String role, String status, Instant since, Instant checkedAt, String lastError,
                     Instant lastErrorAt, Instant reportedAt) {
    }

    private final DatabaseClient db;

    OriginHealthService(DatabaseClient db) {
        this.db = db;
    }

    /** Checks the origins of a report; throws 400 naming every bad field. */
    static List<OriginHealthReport> validate(List<OriginHealthReport> origins) {
        List<OriginHealthReport> rows = origins;
        Validation v = new Validation().require(rows.size() <= 10_000, "origins", "at most 10000 origins per report");
        for (int i = 0; i < rows.size(); i++) {
            OriginHealthReport r = rows.get(i);
            String at = "origins[" + i + "]";
            if (r == null) {
                v.add(at, "must not be null");
                continue;
            }
            v.require(r.serviceId() != null && Validation.isUuid(r.serviceId()), at + ".serviceId", "must be a service id");
            v.require(r.origin() != null && !r.origin().isBlank() && r.origin().length() <= 100, at + ".origin",
                    "must be an origin name of 1-100 characters");
            v.require(r.status() != null, at + ".status", "is required (healthy, unhealthy or unknown)");
            v.require(r.lastError() == null || r.lastError().length() <= 1000, at + ".lastError",
                    "at most 1000 characters");
            v.instant(r.since(), at + ".since").instant(r.checkedAt(), at + ".checkedAt")
                    .instant(r.lastErrorAt(), at + ".lastErrorAt");
        }
        v.throwIfInvalid();
        return rows;
    }

    /** Stores the latest state of each reported origin; origins of services that no longer exist are skipped. */
    Mono<Void> store(EdgePrincipal edge, List<OriginHealthReport> origins) {
        return Flux.fromIterable(origins).concatMap(r -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql("""
                            INSERT INTO origin_health AS h (service_id, origin_name, node_id, status, since, checked_at,
                                last_error, last_error_at, reported_at)
                            SELECT s.id, :origin, :node, :status, :since, :checked, :error, :errorAt, now()
                            FROM services s WHERE s.id = :service
                            ON CONFLICT (service_id, origin_name, node_id) DO UPDATE SET status = EXCLUDED.status,
                                since = EXCLUDED.since, checked_at = EXCLUDED.checked_at,
                                last_error = EXCLUDED.last_error, last_error_at = EXCLUDED.last_error_at,
                                reported_at = EXCLUDED.reported_at""")
                    .bind("service", UUID.fromString(r.serviceId()))
                    .bind("origin", r.origin())
                    .bind("node", edge.nodeId())
                    .bind("status", r.status().wireName());
            spec = time(spec, "since", r.since());
            spec = time(spec, "checked", r.checkedAt());
            spec = r.lastError() == null ? spec.bindNull("error", String.class) : spec.bind("error", r.lastError());
            spec = time(spec, "errorAt", r.lastErrorAt());
            return spec.then();
        }).then();
    }

    Mono<ServiceHealth> health(TenantPrincipal caller, UUID serviceId) {
        caller.requireService(serviceId);
        return db.sql("""
                        SELECT v.number, v.config FROM services s
                        JOIN service_versions v ON v.service_id = s.id
                            AND v.number = coalesce(s.active_version, s.latest_version)
                        WHERE s.id = :id AND s.tenant_id = :tenant AND s.deleted_at IS NULL""")
                .bind("id", serviceId).bind("tenant", caller.tenantId())
                .map((row, meta) -> Map.entry(row.get("number", Integer.class), decode(row.get("config", Json.class))))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                .flatMap(version -> db.sql("""
                                SELECT h.*, n.role FROM origin_health h LEFT JOIN edge_nodes n ON n.node_id = h.node_id
                                WHERE h.service_id = :id AND h.reported_at > now() - make_interval(secs => :fresh)
                                ORDER BY h.node_id""")
                        .bind("id", serviceId).bind("fresh", FRESH_SECONDS)
                        .map((row, meta) -> Map.entry(row.get("origin_name", String.class), node(row)))
                        .all()
                        .collectList()
                        .map(rows -> {
                            Map<String, List<NodeState>> byOrigin = rows.stream().collect(Collectors.groupingBy(
                                    Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
                            List<OriginState> origins = new ArrayList<>();
                            for (Origin o : version.getValue().origins()) {
                                origins.add(summarize(o, byOrigin.getOrDefault(o.name(), List.of())));
                            }
                            return new ServiceHealth(serviceId, version.getKey(), origins);
                        }));
    }

    /** Sums one origin over the nodes that reported it. */
    static OriginState summarize(Origin origin, List<NodeState> nodes) {
        int healthy = (int) nodes.stream().filter(n -> n.status().equals("healthy")).count();
        int unhealthy = (int) nodes.stream().filter(n -> n.status().equals("unhealthy")).count();
        int unknown = nodes.size() - healthy - unhealthy;
        String status = healthy + unhealthy == 0 ? "unknown"
                : unhealthy == 0 ? "healthy"
                : healthy == 0 ? "unhealthy" : "degraded";
        Instant lastChecked = nodes.stream().map(NodeState::checkedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        NodeState lastError = nodes.stream().filter(n -> n.lastErrorAt() != null)
                .max(Comparator.comparing(NodeState::lastErrorAt)).orElse(null);
        return new OriginState(origin.name(), origin.pool(), status, healthy, unhealthy, unknown, lastChecked,
                lastError == null ? null : lastError.lastError(), lastError == null ? null : lastError.lastErrorAt(),
                nodes);
    }

    private static NodeState node(Readable row) {
        return new NodeState(row.get("node_id", String.class), row.get("role", String.class),
                row.get("status", String.class), instant(row, "since"), instant(row, "checked_at"),
                row.get("last_error", String.class), instant(row, "last_error_at"), instant(row, "reported_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime t = row.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static DatabaseClient.GenericExecuteSpec time(DatabaseClient.GenericExecuteSpec spec, String name,
                                                          Instant value) {
        return value == null ? spec.bindNull(name, OffsetDateTime.class) : spec.bind(name, value.atOffset(ZoneOffset.UTC));
    }

    private static ServiceConfig decode(Json json) {
        try {
            return ConfigCodec.readServiceConfig(json.asArray());
        } catch (InvalidConfigException e) {
            // A draft may be incomplete; its origins are still worth listing.
            return JsonMapper.shared().readValue(json.asArray(), ServiceConfig.class);
        }
    }
}
