package dev.cdn.api.purge;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.publish.EdgeAcksReceived;
import dev.cdn.api.publish.EdgeEventLog;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.WarmCommand;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cache warming through the edge event log, in two phases: the shield tier fetches the URLs first (from the
 * origin), and once every connected shield is done, the edges fetch them (from the shields). A phase ends when
 * every connected node of its role has acknowledged it.
 */
@Service
class WarmService {

    static final int MAX_URLS = 1000;
    static final int MAX_RATE = 100;
    private static final Logger log = LoggerFactory.getLogger(WarmService.class);

    record Request(List<String> urls, Integer ratePerSecond) {
    }

    /** "Content published": the URLs, or a sitemap listing them (exactly one of the two). */
    record PublishRequest(List<String> urls, String sitemapUrl, Integer ratePerSecond) {
    }

    record NodeStatus(String nodeId, String role, String status, String error) {
    }

    record WarmView(UUID id, UUID serviceId, List<String> urls, int ratePerSecond, String status, String phase,
                    java.time.Instant createdAt, List<NodeStatus> nodes) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final EdgeEventLog events;
    private final AuditLog audit;
    private final WarmSitemapFetcher sitemaps;

    WarmService(DatabaseClient db, TransactionalOperator tx, EdgeEventLog events, AuditLog audit,
                WarmSitemapFetcher sitemaps) {
        this.db = db;
        this.tx = tx;
        this.events = events;
        this.audit = audit;
        this.sitemaps = sitemaps;
    }

    Mono<WarmView> warm(TenantPrincipal caller, UUID serviceId, Request r) {
        caller.requireService(serviceId);
        int rate = r.ratePerSecond() == null ? 10 : r.ratePerSecond();
        Validation v = new Validation()
                .require(r.urls() != null && !r.urls().isEmpty() && r.urls().size() <= MAX_URLS, "urls",
                        "must list 1 to " + MAX_URLS + " absolute URLs")
                .require(rate >= 1 && rate <= MAX_RATE, "ratePerSecond", "must be between 1 and " + MAX_RATE);
        v.throwIfInvalid();
        return domains(caller, serviceId).flatMap(domains -> start(caller, serviceId, domains, r.urls(), "urls", rate,
                "warm.create", Map.of("urls", r.urls().size(), "ratePerSecond", rate)));
    }

    /**
     * "Content published": warm the URLs given, or those a sitemap lists (fetched under the SSRF rule, size-bounded,
     * parsed without DTDs), shields first and then edges, as {@link #warm} does. {@code source} says who asked
     * ({@code api} or {@code webhook}), for the audit log.
     */
    Mono<WarmView> publish(TenantPrincipal caller, UUID serviceId, PublishRequest r, String source) {
        caller.requireService(serviceId);
        int rate = r.ratePerSecond() == null ? 10 : r.ratePerSecond();
        boolean hasUrls = r.urls() != null && !r.urls().isEmpty();
        boolean hasSitemap = r.sitemapUrl() != null && !r.sitemapUrl().isBlank();
        Validation v = new Validation()
                .require(hasUrls || hasSitemap, "urls", "give the published URLs, or a sitemapUrl listing them")
                .require(!(hasUrls && hasSitemap), "sitemapUrl", "give either urls or a sitemapUrl, not both")
                .require(!hasUrls || r.urls().size() <= MAX_URLS, "urls", "must list 1 to " + MAX_URLS + " absolute URLs")
                .require(rate >= 1 && rate <= MAX_RATE, "ratePerSecond", "must be between 1 and " + MAX_RATE);
        v.throwIfInvalid();
        Map<String, Object> audit = new java.util.LinkedHashMap<>();
        audit.put("source", source);
        audit.put("ratePerSecond", rate);
        if (hasSitemap) {
            audit.put("sitemapUrl", r.sitemapUrl().strip());
        }
        return domains(caller, serviceId).flatMap(domains -> {
            Mono<List<String>> urls = hasUrls ? Mono.just(r.urls()) : sitemap(r.sitemapUrl());
            return urls.flatMap(list -> {
                audit.put("urls", list.size());
                return start(caller, serviceId, domains, list, hasUrls ? "urls" : "sitemapUrl", rate,
                        "warm.content-published", audit);
            });
        });
    }

    private Mono<List<String>> sitemap(String sitemapUrl) {
        return sitemaps.fetch(sitemapUrl)
                .publishOn(reactor.core.scheduler.Schedulers.boundedElastic()) // parsing up to 5 MiB: off the event loop
                .handle((bytes, sink) -> {
                    try {
                        sink.next(WarmSitemap.urls(bytes, MAX_URLS));
                    } catch (WarmSitemap.Invalid e) {
                        sink.error(ApiException.invalid("sitemapUrl", "the sitemap " + e.getMessage()));
                    }
                });
    }

    /** The domains of the caller's service; 404 when it is not the caller's or is deleted. */
    private Mono<List<String>> domains(TenantPrincipal caller, UUID serviceId) {
        return db.sql("""
                        SELECT array_remove(array_agg(d.name), NULL) AS domains FROM services s
                        LEFT JOIN domains d ON d.service_id = s.id WHERE s.id = :id AND s.tenant_id = :tenant AND s.deleted_at IS NULL GROUP BY s.id""")
                .bind("id", serviceId).bind("tenant", caller.tenantId())
                .map((row, meta) -> Arrays.asList(row.get("domains", String[].class))).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)));
    }

    /**
     * Checks every URL against the service's domains (errors name {@code field[i]}, or for a sitemap
     * {@code sitemapUrl} and the entry), then appends the shield phase, records the warm and audits it, in one
     * transaction.
     */
    private Mono<WarmView> start(TenantPrincipal caller, UUID serviceId, List<String> domains, List<String> list,
                                 String field, int rate, String action, Map<String, Object> auditAfter) {
        Validation urls = new Validation();
        for (int i = 0; i < list.size(); i++) {
            String url = list.get(i);
            String problem = url == null ? "must not be null" : PurgeService.urlProblem(url, domains);
            if (problem == null && !url.trim().toLowerCase(java.util.Locale.ROOT).startsWith("http://")) {
                problem = "edges warm over http://; use the http:// form of the URL";
            }
            if (problem != null) {
                urls.add(field.equals("urls") ? "urls[" + i + "]" : field,
                        field.equals("urls") ? problem : "entry " + (i + 1) + " (" + url + "): " + problem);
            }
        }
        urls.throwIfInvalid();
        UUID id = UUID.randomUUID();
        List<String> clean = list.stream().map(String::trim).distinct().toList();
        WarmCommand shields = new WarmCommand(id.toString(), serviceId.toString(), "shield", clean, rate);
        return events.appendWarm(shields)
                .flatMap(seq -> db.sql("""
                                INSERT INTO warms (id, tenant_id, service_id, urls, rate, shield_seq, created_by)
                                VALUES (:id, :tenant, :service, :urls, :rate, :seq, :by)""")
                        .bind("id", id).bind("tenant", caller.tenantId()).bind("service", serviceId)
                        .bind("urls", clean.toArray(String[]::new)).bind("rate", rate).bind("seq", seq)
                        .bind("by", caller.actor()).then())
                .then(audit.record(caller, action, "service", serviceId.toString(), null, auditAfter))
                .as(tx::transactional)
                .doOnSuccess(x -> events.announce())
                .then(Mono.defer(() -> advance(id)))
                .then(Mono.defer(() -> status(caller, id)));
    }

    /** After shields acknowledge: start the edge phase of any warm whose shield phase is now complete. */
    @EventListener
    void onAcks(EdgeAcksReceived acks) {
        if (!"shield".equals(acks.role()) || acks.appliedSeqs().isEmpty()) {
            return;
        }
        db.sql("SELECT id FROM warms WHERE edge_seq IS NULL AND shield_seq = ANY(:seqs)")
                .bind("seqs", acks.appliedSeqs().toArray(Long[]::new))
                .map((row, meta) -> row.get("id", UUID.class)).all()
                .concatMap(this::advance)
                .subscribe(null, e -> log.warn("advancing a warm failed: {}", e.toString()));
    }

    /**
     * Starts the edge phase when no connected shield is still warming. Row-locked, so that of several replicas
     * receiving the last shield acks at once, exactly one appends the edge phase.
     */
    private Mono<Void> advance(UUID warmId) {
        return db.sql("""
                        SELECT w.service_id, w.urls, w.rate, w.shield_seq FROM warms w
                        WHERE w.id = :id AND w.edge_seq IS NULL FOR UPDATE""")
                .bind("id", warmId)
                .map((row, meta) -> new Object[] {row.get("service_id", UUID.class), row.get("urls", String[].class),
                        row.get("rate", Integer.class), row.get("shield_seq", Long.class)})
                .one()
                .flatMap(w -> db.sql("""
                                SELECT count(*) AS n FROM edge_nodes n
                                WHERE n.role = 'shield' AND n.disconnected_at IS NULL AND n.decommissioned_at IS NULL
                                  AND n.last_seen_at > now() - interval '30 seconds'
                                  AND NOT EXISTS (SELECT 1 FROM edge_acks a WHERE a.node_id = n.node_id AND a.seq = :seq)""")
                        .bind("seq", (Long) w[3])
                        .map((row, meta) -> row.get("n", Long.class)).one()
                        .flatMap(pending -> pending > 0 ? Mono.empty()
                                : events.appendWarm(new WarmCommand(warmId.toString(), w[0].toString(), "edge",
                                                List.of((String[]) w[1]), (Integer) w[2]))
                                        .flatMap(seq -> db.sql("UPDATE warms SET edge_seq = :seq WHERE id = :id")
                                                .bind("seq", seq).bind("id", warmId).then())))
                .as(tx::transactional)
                .doOnSuccess(x -> events.announce());
    }

    Mono<WarmView> status(TenantPrincipal caller, UUID warmId) {
        return db.sql("""
                        SELECT id, service_id, urls, rate, shield_seq, edge_seq, created_at FROM warms
                        WHERE id = :id AND tenant_id = :tenant""")
                .bind("id", warmId).bind("tenant", caller.tenantId())
                .map((row, meta) -> new Object[] {row.get("id", UUID.class), row.get("service_id", UUID.class),
                        row.get("urls", String[].class), row.get("rate", Integer.class), row.get("shield_seq", Long.class),
                        row.get("edge_seq", Long.class), row.get("created_at", OffsetDateTime.class)})
                .one()
                .filter(w -> caller.serviceIds().isEmpty() || caller.serviceIds().contains((UUID) w[1]))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("warm " + warmId)))
                .flatMap(w -> {
                    Long shieldSeq = (Long) w[4];
                    Long edgeSeq = (Long) w[5];
                    Flux<NodeStatus> shields = nodes("shield", shieldSeq);
                    Flux<NodeStatus> edges = edgeSeq == null ? Flux.empty() : nodes("edge", edgeSeq);
                    return shields.concatWith(edges).collectList().map(nodes -> {
                        boolean edgesDone = edgeSeq != null
                                && nodes.stream().filter(n -> n.role().equals("edge")).noneMatch(n -> n.status().equals("pending"));
                        boolean failed = nodes.stream().anyMatch(n -> n.status().equals("failed"));
                        String status = edgesDone ? (failed ? "failed" : "complete") : "pending";
                        return new WarmView((UUID) w[0], (UUID) w[1], List.of((String[]) w[2]), (Integer) w[3], status,
                                edgeSeq == null ? "shield" : "edge", ((OffsetDateTime) w[6]).toInstant(), nodes);
                    });
                });
    }

    /** Every connected node of the role, and every node that acknowledged the phase, with its state. */
    private Flux<NodeStatus> nodes(String role, long seq) {
        return db.sql("""
                        SELECT n.node_id, a.status, a.error FROM edge_nodes n
                        LEFT JOIN edge_acks a ON a.node_id = n.node_id AND a.seq = :seq
                        WHERE n.role = :role AND n.decommissioned_at IS NULL AND ((n.disconnected_at IS NULL AND n.last_seen_at > now() - interval '30 seconds')
                           OR a.seq IS NOT NULL)
                        ORDER BY n.node_id""")
                .bind("seq", seq).bind("role", role)
                .map((row, meta) -> {
                    String status = row.get("status", String.class);
                    return new NodeStatus(row.get("node_id", String.class), role, status == null ? "pending" : status,
                            row.get("error", String.class));
                })
                .all();
    }
}
