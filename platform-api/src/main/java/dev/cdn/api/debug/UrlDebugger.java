package dev.cdn.api.debug;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.UrlProbe;
import dev.cdn.config.UrlProbeAnswer;
import io.r2dbc.postgresql.codec.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Traces one URL of a service through every connected node: sends a probe ({@link ProbeRelay}), waits for the
 * answers up to a timeout, and reports each node's answer and the nodes that did not answer in time. The trace is
 * each node's own (its config snapshot, its tiers, its shield choice), so it shows what a client would get there.
 */
@Service
class UrlDebugger {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A node connected now: the ones expected to answer. */
    record Node(String nodeId, String role, String pop) {
    }

    private final DatabaseClient db;
    private final ProbeRelay relay;
    private final Duration timeout;
    private final Duration poll;

    UrlDebugger(DatabaseClient db, ProbeRelay relay,
                @Value("${cdn.debug.probe-timeout:2s}") Duration timeout,
                @Value("${cdn.debug.probe-poll:50ms}") Duration poll) {
        this.db = db;
        this.relay = relay;
        this.timeout = timeout;
        this.poll = poll;
    }

    Mono<Map<String, Object>> trace(TenantPrincipal caller, UUID serviceId, DebugRequest request) {
        caller.requireService(serviceId);
        return activeConfig(caller, serviceId).flatMap(active -> {
            ServiceConfig config = active.getValue();
            String host = URI.create(request.url()).getHost().toLowerCase(Locale.ROOT);
            if (!served(config.domains(), host)) {
                return Mono.error(ApiException.invalid("url", "'" + host + "' is not a domain of the service's active"
                        + " version (" + String.join(", ", config.domains()) + ")"));
            }
            UUID probeId = UUID.randomUUID();
            UrlProbe probe = new UrlProbe(probeId.toString(), serviceId.toString(), request.url(), request.method(),
                    request.headers());
            long started = System.nanoTime();
            return db.sql("DELETE FROM url_probes WHERE created_at < now() - interval '10 minutes'").then()
                    .then(db.sql("INSERT INTO url_probes (id, service_id) VALUES (:id, :service)")
                            .bind("id", probeId).bind("service", serviceId).then())
                    .then(connectedNodes())
                    .flatMap(nodes -> relay.publish(probe)
                            .then(awaitAnswers(probeId, nodes.size()))
                            .map(answers -> report(request, active.getKey(), nodes, answers,
                                    Duration.ofNanos(System.nanoTime() - started))));
        });
    }

    private Mono<Map.Entry<Integer, ServiceConfig>> activeConfig(TenantPrincipal caller, UUID serviceId) {
        return db.sql("""
                        SELECT v.number, v.config FROM services s JOIN service_versions v ON v.service_id = s.id
                        WHERE s.id = :id AND s.tenant_id = :tenant AND s.deleted_at IS NULL AND v.state = 'active'""")
                .bind("id", serviceId).bind("tenant", caller.tenantId())
                .map((row, meta) -> Map.entry(row.get("number", Integer.class),
                        ConfigCodec.readServiceConfig(row.get("config", Json.class).asArray())))
                .one()
                .switchIfEmpty(db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                        .bind("id", serviceId).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one()
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                        .then(Mono.error(() -> ApiException.conflict("the service has no active version: edges serve"
                                + " nothing for it yet", List.of()))));
    }

    /** An exact domain, or a wildcard {@code *.example.com} covering one more label. */
    static boolean served(List<String> domains, String host) {
        for (String d : domains) {
            String domain = d.toLowerCase(Locale.ROOT);
            if (domain.equals(host)) {
                return true;
            }
            if (domain.startsWith("*.")) {
                String suffix = domain.substring(1);
                if (host.endsWith(suffix) && host.indexOf('.') == host.length() - suffix.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    private Mono<List<Node>> connectedNodes() {
        return db.sql("""
                        SELECT node_id, role, pop FROM edge_nodes
                        WHERE disconnected_at IS NULL AND decommissioned_at IS NULL ORDER BY node_id""")
                .map((row, meta) -> new Node(row.get("node_id", String.class), row.get("role", String.class),
                        row.get("pop", String.class)))
                .all().collectList();
    }

    /** Reads the answers until every expected node answered or the timeout passed. */
    private Mono<List<UrlProbeAnswer>> awaitAnswers(UUID probeId, int expected) {
        Mono<List<UrlProbeAnswer>> read = db.sql("SELECT answer FROM url_probe_answers WHERE probe_id = :id ORDER BY node_id")
                .bind("id", probeId)
                .map((row, meta) -> JSON.readValue(row.get("answer", Json.class).asArray(), UrlProbeAnswer.class))
                .all().collectList();
        if (expected == 0) {
            return read;
        }
        return Flux.interval(Duration.ZERO, poll).onBackpressureDrop()
                .concatMap(t -> read)
                .takeUntil(answers -> answers.size() >= expected)
                .take(timeout)
                .last(List.of())
                .flatMap(last -> last.size() >= expected ? Mono.just(last) : read);
    }

    private Map<String, Object> report(DebugRequest request, int version, List<Node> nodes,
                                       List<UrlProbeAnswer> answers, Duration took) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", request.url());
        out.put("method", request.method());
        out.put("activeVersion", version);
        List<Map<String, Object>> answered = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        Map<String, UrlProbeAnswer> byNode = new LinkedHashMap<>();
        answers.forEach(a -> byNode.put(a.nodeId(), a));
        for (Node n : nodes) {
            UrlProbeAnswer a = byNode.remove(n.nodeId());
            if (a == null) {
                silent.add(n.nodeId());
            } else {
                answered.add(view(a, n.pop()));
            }
        }
        // A node that answered but dropped off the list meanwhile still told the truth about itself.
        byNode.values().forEach(a -> answered.add(view(a, null)));
        out.put("nodes", answered);
        out.put("notAnswered", silent);
        out.put("timeoutMillis", timeout.toMillis());
        out.put("tookMillis", took.toMillis());
        return out;
    }

    private static Map<String, Object> view(UrlProbeAnswer a, String pop) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodeId", a.nodeId());
        out.put("role", a.role());
        out.put("pop", pop);
        if (a.error() != null) {
            out.put("error", a.error());
            return out;
        }
        out.put("configVersion", a.configVersion());
        out.put("rule", a.rule());
        out.put("cacheKey", a.cacheKey());
        out.put("bypass", a.bypass());
        out.put("upstream", a.upstream());
        out.put("inMemory", a.inMemory());
        out.put("onDisk", a.onDisk());
        out.put("cacheStatus", a.cacheStatus());
        out.put("status", a.status());
        out.put("ageSeconds", a.ageSeconds());
        out.put("ttlSeconds", a.ttlSeconds());
        out.put("headers", a.headers());
        return out;
    }
}
