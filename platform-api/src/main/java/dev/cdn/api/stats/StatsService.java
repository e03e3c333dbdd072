package dev.cdn.api.stats;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.EdgePrincipal;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.OriginLatencyBuckets;
import dev.cdn.config.wire.NodeRole;
import dev.cdn.config.wire.ServiceCounters;
import dev.cdn.config.wire.StatsReport;
import dev.cdn.config.wire.UrlCount;
import dev.cdn.config.wire.VariantCount;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores the per-minute counters edges report (as deltas, summed per service, minute and node) and answers
 * time-series queries over them with empty buckets filled with zeros.
 */
@Service
class StatsService {

    /**
     * A variant over a range: its counts summed, its hit ratio (hits / (hits + misses)) and the mean time its origin
     * fetches took to answer.
     */
    record VariantStats(String experiment, String variant, long requests, long hits, long misses, double hitRatio,
                        long status2xx, long status3xx, long status4xx, long status5xx, long originFetches,
                        Double originMeanMillis) {
    }

    /** Variants per service and report a node may send (10 experiments of 20 variants). */
    static final int MAX_VARIANTS_PER_ROW = 200;
    private static final java.util.regex.Pattern VARIANT_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** A path of a service's top list over a range. */
    record TopUrl(String url, long requests, long bytes) {
    }

    /** Paths per service and report an edge may send (it sends at most 20). */
    static final int MAX_TOP_URLS_PER_ROW = 50;
    static final int MAX_URL_CHARS = 512;

    /**
     * One point of a series, from the edges' point of view: {@code requests} to {@code status5xx} count what the
     * edge tier answered clients (each client request once); {@code originFetches} and {@code bytesFromOrigin} what
     * reached the origin, from whichever tier fetched it; {@code shieldRequests} and {@code shieldHits} the shield
     * tier's own traffic (the edges' misses it answered). {@code hitRatio} is the share of the edges' cache lookups
     * answered from cache (fresh or stale); {@code originOffload} the share of bytes sent to clients that did not
     * come from the origin.
     */
    record Point(Instant t, long requests, long hits, long misses, long stale, long bypass, double hitRatio,
                 double originOffload, long bytesToClients, long bytesFromOrigin, long originFetches, long errors,
                 long status2xx, long status3xx, long status4xx, long status5xx, long shieldRequests,
                 long shieldHits) {
    }

    private final DatabaseClient db;

    StatsService(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> ingest(EdgePrincipal edge, StatsReport report) {
        List<ServiceCounters> rows = report.services();
        String role = NodeRole.orEdge(report.role()).wireName();
        Validation v = new Validation().require(rows.size() <= 10_000, "services", "at most 10000 rows per report");
        for (int i = 0; i < rows.size(); i++) {
            ServiceCounters c = rows.get(i);
            v.require(c.serviceId() != null && Validation.isUuid(c.serviceId()), "services[" + i + "].serviceId", "must be a service id");
            v.require(c.minute() != null, "services[" + i + "].minute", "is required");
            v.instant(c.minute(), "services[" + i + "].minute");
            v.require(c.requests() >= 0 && c.hits() >= 0 && c.misses() >= 0 && c.bytesToClients() >= 0,
                    "services[" + i + "]", "counters must not be negative");
            v.require(c.originMillis().size() <= OriginLatencyBuckets.COUNT
                            && c.originMillis().stream().allMatch(n -> n != null && n >= 0),
                    "services[" + i + "].originMillis", "at most " + OriginLatencyBuckets.COUNT
                            + " counts, none negative");
            v.require(c.topUrls().size() <= MAX_TOP_URLS_PER_ROW, "services[" + i + "].topUrls",
                    "at most " + MAX_TOP_URLS_PER_ROW + " paths per service and report");
            for (int u = 0; u < Math.min(c.topUrls().size(), MAX_TOP_URLS_PER_ROW); u++) {
                UrlCount url = c.topUrls().get(u);
                String field = "services[" + i + "].topUrls[" + u + "]";
                v.require(url != null && url.url() != null && url.url().startsWith("/")
                        && url.url().length() <= MAX_URL_CHARS, field + ".url", "must be a path of at most "
                        + MAX_URL_CHARS + " characters");
                v.require(url == null || url.requests() >= 0 && url.bytes() >= 0, field, "counts must not be negative");
            }
            v.require(c.variants().size() <= MAX_VARIANTS_PER_ROW, "services[" + i + "].variants",
                    "at most " + MAX_VARIANTS_PER_ROW + " variants per service and report");
            for (int n = 0; n < Math.min(c.variants().size(), MAX_VARIANTS_PER_ROW); n++) {
                VariantCount vc = c.variants().get(n);
                String field = "services[" + i + "].variants[" + n + "]";
                v.require(vc != null && vc.experiment() != null && VARIANT_NAME.matcher(vc.experiment()).matches(),
                        field + ".experiment", "must be an experiment name");
                v.require(vc != null && vc.variant() != null && VARIANT_NAME.matcher(vc.variant()).matches(),
                        field + ".variant", "must be a variant name");
                v.require(vc == null || vc.requests() >= 0 && vc.hits() >= 0 && vc.misses() >= 0
                        && vc.status2xx() >= 0 && vc.status3xx() >= 0 && vc.status4xx() >= 0 && vc.status5xx() >= 0
                        && vc.originFetches() >= 0 && vc.originMillis() >= 0, field, "counts must not be negative");
            }
        }
        v.throwIfInvalid();
        return Flux.fromIterable(rows).concatMap(c -> db.sql("""
                        INSERT INTO service_stats AS s (service_id, minute, node_id, role, requests, hits, misses, stale,
                            bypass, bytes_to_clients, bytes_from_origin, origin_fetches, errors,
                            status_2xx, status_3xx, status_4xx, status_5xx, origin_ms)
                        VALUES (:service, :minute, :node, :role, :requests, :hits, :misses, :stale, :bypass, :btc, :bfo,
                            :fetches, :errors, :s2, :s3, :s4, :s5, :originMs)
                        ON CONFLICT (service_id, minute, node_id) DO UPDATE SET role = EXCLUDED.role,
                            requests = s.requests + EXCLUDED.requests, hits = s.hits + EXCLUDED.hits,
                            misses = s.misses + EXCLUDED.misses, stale = s.stale + EXCLUDED.stale,
                            bypass = s.bypass + EXCLUDED.bypass,
                            bytes_to_clients = s.bytes_to_clients + EXCLUDED.bytes_to_clients,
                            bytes_from_origin = s.bytes_from_origin + EXCLUDED.bytes_from_origin,
                            origin_fetches = s.origin_fetches + EXCLUDED.origin_fetches,
                            errors = s.errors + EXCLUDED.errors, status_2xx = s.status_2xx + EXCLUDED.status_2xx,
                            status_3xx = s.status_3xx + EXCLUDED.status_3xx,
                            status_4xx = s.status_4xx + EXCLUDED.status_4xx,
                            status_5xx = s.status_5xx + EXCLUDED.status_5xx,
                            -- Bucket by bucket; either side may be empty.
                            origin_ms = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                                              FROM unnest(s.origin_ms, EXCLUDED.origin_ms) WITH ORDINALITY
                                                  AS t (a, b, i) ORDER BY i)""")
                .bind("service", UUID.fromString(c.serviceId()))
                .bind("minute", c.minute().truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC))
                .bind("node", edge.nodeId()).bind("role", role)
                .bind("requests", c.requests()).bind("hits", c.hits()).bind("misses", c.misses())
                .bind("stale", c.stale()).bind("bypass", c.bypass()).bind("btc", c.bytesToClients())
                .bind("bfo", c.bytesFromOrigin()).bind("fetches", c.originFetches()).bind("errors", c.errors())
                .bind("s2", c.status2xx()).bind("s3", c.status3xx()).bind("s4", c.status4xx()).bind("s5", c.status5xx())
                .bind("originMs", c.originMillis().toArray(Long[]::new))
                .then()
                .thenMany(role.equals("edge") ? Flux.fromIterable(c.topUrls()) : Flux.empty())
                .concatMap(u -> db.sql("""
                                INSERT INTO service_top_urls AS t (service_id, minute, url, requests, bytes)
                                VALUES (:service, :minute, :url, :requests, :bytes)
                                ON CONFLICT (service_id, minute, url) DO UPDATE SET
                                    requests = t.requests + EXCLUDED.requests, bytes = t.bytes + EXCLUDED.bytes""")
                        .bind("service", UUID.fromString(c.serviceId()))
                        .bind("minute", c.minute().truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC))
                        .bind("url", u.url()).bind("requests", u.requests()).bind("bytes", u.bytes())
                        .then())
                .thenMany(role.equals("edge") ? Flux.fromIterable(c.variants()) : Flux.empty())
                .concatMap(n -> db.sql("""
                                INSERT INTO service_variant_stats AS t (service_id, minute, experiment, variant, requests,
                                    hits, misses, status_2xx, status_3xx, status_4xx, status_5xx, origin_fetches,
                                    origin_ms)
                                VALUES (:service, :minute, :experiment, :variant, :requests, :hits, :misses, :s2, :s3,
                                    :s4, :s5, :fetches, :ms)
                                ON CONFLICT (service_id, minute, experiment, variant) DO UPDATE SET
                                    requests = t.requests + EXCLUDED.requests, hits = t.hits + EXCLUDED.hits,
                                    misses = t.misses + EXCLUDED.misses,
                                    status_2xx = t.status_2xx + EXCLUDED.status_2xx,
                                    status_3xx = t.status_3xx + EXCLUDED.status_3xx,
                                    status_4xx = t.status_4xx + EXCLUDED.status_4xx,
                                    status_5xx = t.status_5xx + EXCLUDED.status_5xx,
                                    origin_fetches = t.origin_fetches + EXCLUDED.origin_fetches,
                                    origin_ms = t.origin_ms + EXCLUDED.origin_ms""")
                        .bind("service", UUID.fromString(c.serviceId()))
                        .bind("minute", c.minute().truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC))
                        .bind("experiment", n.experiment()).bind("variant", n.variant())
                        .bind("requests", n.requests()).bind("hits", n.hits()).bind("misses", n.misses())
                        .bind("s2", n.status2xx()).bind("s3", n.status3xx()).bind("s4", n.status4xx())
                        .bind("s5", n.status5xx()).bind("fetches", n.originFetches()).bind("ms", n.originMillis())
                        .then())
                .then()).then();
    }

    /** The service's experiment variants between {@code from} and {@code to}, as the edges counted them. */
    Mono<List<VariantStats>> variants(TenantPrincipal caller, UUID serviceId, Instant from, Instant to) {
        caller.requireService(serviceId);
        return db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                .bind("id", serviceId).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                .thenMany(db.sql("""
                                SELECT experiment, variant, sum(requests) AS requests, sum(hits) AS hits,
                                    sum(misses) AS misses, sum(status_2xx) AS s2, sum(status_3xx) AS s3,
                                    sum(status_4xx) AS s4, sum(status_5xx) AS s5, sum(origin_fetches) AS fetches,
                                    sum(origin_ms) AS ms
                                FROM service_variant_stats
                                WHERE service_id = :service AND minute >= :from AND minute < :to
                                GROUP BY experiment, variant ORDER BY experiment, variant""")
                        .bind("service", serviceId)
                        .bind("from", from.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC))
                        .bind("to", to.atOffset(ZoneOffset.UTC))
                        .map((row, meta) -> {
                            long hits = num(row, "hits");
                            long misses = num(row, "misses");
                            long fetches = num(row, "fetches");
                            return new VariantStats(row.get("experiment", String.class),
                                    row.get("variant", String.class), num(row, "requests"), hits, misses,
                                    hits + misses == 0 ? 0.0 : (double) hits / (hits + misses), num(row, "s2"),
                                    num(row, "s3"), num(row, "s4"), num(row, "s5"), fetches,
                                    fetches == 0 ? null : (double) num(row, "ms") / fetches);
                        })
                        .all())
                .collectList();
    }

    /**
     * The service's most requested paths between {@code from} and {@code to}, as the edges reported them (each
     * edge's top list per report, summed): a path that was never in any edge's top list is not counted, so the
     * totals are lower bounds.
     */
    Mono<List<TopUrl>> topUrls(TenantPrincipal caller, UUID serviceId, Instant from, Instant to, int limit) {
        caller.requireService(serviceId);
        return db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                .bind("id", serviceId).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                .thenMany(db.sql("""
                                SELECT url, sum(requests) AS requests, sum(bytes) AS bytes FROM service_top_urls
                                WHERE service_id = :service AND minute >= :from AND minute < :to
                                GROUP BY url ORDER BY sum(requests) DESC, url LIMIT :limit""")
                        .bind("service", serviceId)
                        .bind("from", from.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC))
                        .bind("to", to.atOffset(ZoneOffset.UTC)).bind("limit", limit)
                        .map((row, meta) -> new TopUrl(row.get("url", String.class), num(row, "requests"),
                                num(row, "bytes")))
                        .all())
                .collectList();
    }

    Mono<List<Point>> series(TenantPrincipal caller, UUID serviceId, Instant from, Instant to, int step) {
        caller.requireService(serviceId);
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        return db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                .bind("id", serviceId).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                .thenMany(db.sql("""
                                WITH buckets AS (
                                  SELECT generate_series(:start, :end, make_interval(secs => :step)) AS t)
                                SELECT b.t,
                                  coalesce(sum(s.requests) FILTER (WHERE s.role = 'edge'), 0) AS requests,
                                  coalesce(sum(s.hits) FILTER (WHERE s.role = 'edge'), 0) AS hits,
                                  coalesce(sum(s.misses) FILTER (WHERE s.role = 'edge'), 0) AS misses,
                                  coalesce(sum(s.stale) FILTER (WHERE s.role = 'edge'), 0) AS stale,
                                  coalesce(sum(s.bypass) FILTER (WHERE s.role = 'edge'), 0) AS bypass,
                                  coalesce(sum(s.bytes_to_clients) FILTER (WHERE s.role = 'edge'), 0) AS btc,
                                  coalesce(sum(s.bytes_from_origin), 0) AS bfo,
                                  coalesce(sum(s.origin_fetches), 0) AS fetches,
                                  coalesce(sum(s.errors) FILTER (WHERE s.role = 'edge'), 0) AS errors,
                                  coalesce(sum(s.status_2xx) FILTER (WHERE s.role = 'edge'), 0) AS s2,
                                  coalesce(sum(s.status_3xx) FILTER (WHERE s.role = 'edge'), 0) AS s3,
                                  coalesce(sum(s.status_4xx) FILTER (WHERE s.role = 'edge'), 0) AS s4,
                                  coalesce(sum(s.status_5xx) FILTER (WHERE s.role = 'edge'), 0) AS s5,
                                  coalesce(sum(s.requests) FILTER (WHERE s.role = 'shield'), 0) AS shield_requests,
                                  coalesce(sum(s.hits + s.stale) FILTER (WHERE s.role = 'shield'), 0) AS shield_hits
                                FROM buckets b LEFT JOIN service_stats s ON s.service_id = :service
                                  AND s.minute >= b.t AND s.minute < b.t + make_interval(secs => :step)
                                GROUP BY b.t ORDER BY b.t""")
                        .bind("start", start.atOffset(ZoneOffset.UTC))
                        .bind("end", to.minusSeconds(1).atOffset(ZoneOffset.UTC))
                        .bind("step", (double) step).bind("service", serviceId)
                        .map((row, meta) -> point(row))
                        .all())
                .collectList();
    }

    private static Point point(io.r2dbc.spi.Readable row) {
        long hits = num(row, "hits");
        long misses = num(row, "misses");
        long stale = num(row, "stale");
        long btc = num(row, "btc");
        long bfo = num(row, "bfo");
        long lookups = hits + misses + stale;
        return new Point(row.get("t", OffsetDateTime.class).toInstant(), num(row, "requests"), hits, misses, stale,
                num(row, "bypass"), lookups == 0 ? 0 : (double) (hits + stale) / lookups,
                btc == 0 ? 0 : Math.max(0, 1 - (double) bfo / btc), btc, bfo, num(row, "fetches"), num(row, "errors"),
                num(row, "s2"), num(row, "s3"), num(row, "s4"), num(row, "s5"), num(row, "shield_requests"),
                num(row, "shield_hits"));
    }

    private static long num(io.r2dbc.spi.Readable row, String name) {
        Number n = row.get(name, Number.class);
        return n == null ? 0 : n.longValue();
    }

}
