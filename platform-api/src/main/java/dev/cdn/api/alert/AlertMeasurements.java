package dev.cdn.api.alert;

import dev.cdn.config.OriginLatencyBuckets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Measures what a rule watches from the data the platform records anyway: the edges' per-minute counters
 * ({@code service_stats}, edge rows only: shield rows are the edges' fills), the origin health nodes report
 * ({@code origin_health}), the event log and what each node applied ({@code edge_events}, {@code edge_nodes}).
 * Every time bound is computed from the evaluator's clock, never from the database's, so tests move time.
 */
@Component
class AlertMeasurements {

    /** A node's origin report is trusted this long (nodes re-send every origin about once a minute). */
    static final int ORIGIN_REPORT_FRESH_SECONDS = 180;

    private final DatabaseClient db;

    AlertMeasurements(DatabaseClient db) {
        this.db = db;
    }

    Mono<Measurement> measure(AlertKind kind, UUID serviceId, int windowSeconds, Instant now) {
        return switch (kind) {
            case HIT_RATIO_BELOW, ERROR_RATE_ABOVE -> traffic(kind, serviceId, windowSeconds, now);
            case ORIGIN_LATENCY_P95_ABOVE -> originLatency(serviceId, windowSeconds, now);
            case ORIGIN_UNHEALTHY -> originsUnhealthy(serviceId, windowSeconds, now);
            case ACK_OVERDUE -> acksOverdue(serviceId, windowSeconds, now);
            case EDGE_OFFLINE -> nodesOffline(windowSeconds, now);
            case CERTIFICATE_FAILING -> certificatesFailing(serviceId, windowSeconds, now);
        };
    }

    /** The minutes the window overlaps, from the minute holding its start to the minute holding now. */
    private Mono<Measurement> traffic(AlertKind kind, UUID serviceId, int windowSeconds, Instant now) {
        return db.sql("""
                        SELECT coalesce(sum(requests), 0) AS requests, coalesce(sum(hits + stale), 0) AS hits,
                               coalesce(sum(hits + misses + stale), 0) AS lookups,
                               coalesce(sum(status_5xx), 0) AS errors
                        FROM service_stats WHERE service_id = :service AND role = 'edge'
                          AND minute >= date_trunc('minute', :from) AND minute <= :now""")
                .bind("service", serviceId)
                .bind("from", now.minusSeconds(windowSeconds).atOffset(ZoneOffset.UTC))
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map((row, meta) -> new long[] {num(row.get("requests")), num(row.get("hits")),
                        num(row.get("lookups")), num(row.get("errors"))})
                .one()
                .map(c -> kind == AlertKind.HIT_RATIO_BELOW ? ratio(c[1], c[2], "of " + c[2] + " cache lookups",
                        "hit ratio") : ratio(c[3], c[0], "of " + c[0] + " responses", "5xx rate"));
    }

    /**
     * The origin response times every node reported in the window (edges and shields alike: whichever asked the
     * origin timed it), summed bucket by bucket, and their 95th percentile ({@link OriginLatencyBuckets#quantile}).
     */
    private Mono<Measurement> originLatency(UUID serviceId, int windowSeconds, Instant now) {
        return db.sql("""
                        SELECT u.i, sum(u.n) AS n FROM service_stats s, unnest(s.origin_ms) WITH ORDINALITY AS u (n, i)
                        WHERE s.service_id = :service AND s.minute >= date_trunc('minute', :from) AND s.minute <= :now
                        GROUP BY u.i""")
                .bind("service", serviceId)
                .bind("from", now.minusSeconds(windowSeconds).atOffset(ZoneOffset.UTC))
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map((row, meta) -> new long[] {num(row.get("i")), num(row.get("n"))})
                .all().collectList()
                .map(rows -> {
                    long[] counts = new long[OriginLatencyBuckets.COUNT];
                    long fetches = 0;
                    for (long[] r : rows) {
                        if (r[0] >= 1 && r[0] <= counts.length) {
                            counts[(int) r[0] - 1] += r[1];
                            fetches += r[1];
                        }
                    }
                    if (fetches < AlertKind.MIN_SAMPLE) {
                        return new Measurement(null, "origin latency not judged: " + fetches
                                + " timed origin requests in the window, fewer than " + AlertKind.MIN_SAMPLE);
                    }
                    long p95 = OriginLatencyBuckets.quantile(counts, 0.95);
                    return new Measurement((double) p95, "origin latency p95 at most " + p95 + " ms"
                            + (p95 == OriginLatencyBuckets.OVERFLOW_MS ? " (above the highest bucket)" : "")
                            + " over " + fetches + " timed origin requests");
                });
    }

    private static Measurement ratio(long part, long whole, String of, String what) {
        if (whole < AlertKind.MIN_SAMPLE) {
            return new Measurement(null, what + " not judged: " + whole + " in the window, fewer than "
                    + AlertKind.MIN_SAMPLE);
        }
        double value = (double) part / whole;
        return new Measurement(value, String.format(Locale.ROOT, "%s %.2f %% (%d %s)", what, value * 100, part, of));
    }

    private Mono<Measurement> originsUnhealthy(UUID serviceId, int windowSeconds, Instant now) {
        return db.sql("""
                        SELECT coalesce(array_agg(DISTINCT origin_name), '{}') AS origins FROM origin_health
                        WHERE service_id = :service AND status = 'unhealthy'
                          AND reported_at > :fresh AND coalesce(since, reported_at) <= :since""")
                .bind("service", serviceId)
                .bind("fresh", now.minusSeconds(ORIGIN_REPORT_FRESH_SECONDS).atOffset(ZoneOffset.UTC))
                .bind("since", now.minusSeconds(windowSeconds).atOffset(ZoneOffset.UTC))
                .map((row, meta) -> row.get("origins", String[].class)).one()
                .map(origins -> new Measurement((double) origins.length, origins.length == 0
                        ? "every origin reported is healthy, or unhealthy for less than " + windowSeconds + " s"
                        : "unhealthy for at least " + windowSeconds + " s: " + String.join(", ", sorted(origins))));
    }

    /**
     * Configs and purges of the service issued at least the window ago that a node has not applied, among the nodes
     * whose stream is open and that were heard from after the event was issued (a node that went silent is the
     * edge-offline rule's business). A node that applied a later event applied this one (events apply in order).
     */
    private Mono<Measurement> acksOverdue(UUID serviceId, int windowSeconds, Instant now) {
        return db.sql("""
                        SELECT count(*) AS events,
                               coalesce(array_agg(e.kind || ' ' || e.seq ORDER BY e.seq), '{}') AS which
                        FROM edge_events e
                        WHERE e.service_id = :service AND e.kind IN ('config', 'purge') AND e.created_at <= :deadline
                          AND EXISTS (SELECT 1 FROM edge_nodes n
                                      WHERE n.decommissioned_at IS NULL AND n.disconnected_at IS NULL
                                        AND n.last_seen_at > e.created_at AND n.applied_seq < e.seq)""")
                .bind("service", serviceId)
                .bind("deadline", now.minusSeconds(windowSeconds).atOffset(ZoneOffset.UTC))
                .map((row, meta) -> new Object[] {num(row.get("events")), row.get("which", String[].class)}).one()
                .map(r -> {
                    long n = (long) r[0];
                    String[] which = (String[]) r[1];
                    return new Measurement((double) n, n == 0
                            ? "every live node applied every config and purge older than " + windowSeconds + " s"
                            : n + " not applied by every live node within " + windowSeconds + " s: "
                            + String.join(", ", Arrays.copyOf(which, Math.min(which.length, 10)))
                            + (which.length > 10 ? ", ..." : ""));
                });
    }

    /** Nodes (edges and shields serve every service) silent, or with their stream ended, for the window. */
    private Mono<Measurement> nodesOffline(int windowSeconds, Instant now) {
        return db.sql("""
                        SELECT coalesce(array_agg(node_id ORDER BY node_id), '{}') AS nodes FROM edge_nodes
                        WHERE decommissioned_at IS NULL
                          AND (last_seen_at <= :since OR (disconnected_at IS NOT NULL AND disconnected_at <= :since))""")
                .bind("since", now.minusSeconds(windowSeconds).atOffset(ZoneOffset.UTC))
                .map((row, meta) -> row.get("nodes", String[].class)).one()
                .map(nodes -> new Measurement((double) nodes.length, nodes.length == 0
                        ? "every node was heard from within " + windowSeconds + " s"
                        : "offline for at least " + windowSeconds + " s: "
                        + String.join(", ", Arrays.copyOf(nodes, Math.min(nodes.length, 10)))
                        + (nodes.length > 10 ? " and " + (nodes.length - 10) + " more" : "")));
    }

    /**
     * The service's ACME order when its last attempt failed (docs/certificates.md, "Renewal and failures"), and each
     * domain whose newest certificate ends within the window (already ended included): a renewal that keeps failing
     * shows first as the former, then, before visitors see an expired certificate, as the latter.
     */
    private Mono<Measurement> certificatesFailing(UUID serviceId, int windowSeconds, Instant now) {
        return db.sql("""
                        SELECT (SELECT coalesce(array_agg(array_to_string(o.names, ', ') || ': '
                                                          || coalesce(o.last_error, 'failed')), '{}')
                                FROM acme_orders o WHERE o.service_id = :service AND o.status = 'failed') AS failed,
                               (SELECT coalesce(array_agg(d.name ORDER BY d.name), '{}') FROM (
                                    SELECT n AS name, max(c.not_after) AS ends
                                    FROM certificates c, unnest(c.names) AS n
                                    WHERE c.service_id = :service GROUP BY n) d
                                WHERE d.ends <= :horizon) AS ending""")
                .bind("service", serviceId)
                .bind("horizon", now.plusSeconds(windowSeconds).atOffset(ZoneOffset.UTC))
                .map((row, meta) -> new String[][] {row.get("failed", String[].class), row.get("ending", String[].class)})
                .one()
                .map(r -> {
                    String[] failed = r[0];
                    String[] ending = r[1];
                    if (failed.length + ending.length == 0) {
                        return new Measurement(0.0, "no failed certificate order, and no certificate ends within "
                                + windowSeconds / 86_400 + " days");
                    }
                    StringBuilder detail = new StringBuilder();
                    if (failed.length > 0) {
                        detail.append("certificate order failed: ").append(String.join("; ", failed));
                    }
                    if (ending.length > 0) {
                        detail.append(detail.length() > 0 ? "; " : "").append("certificate ends within ")
                                .append(windowSeconds / 86_400).append(" days: ").append(String.join(", ", ending));
                    }
                    return new Measurement((double) failed.length + ending.length, detail.toString());
                });
    }

    private static String[] sorted(String[] values) {
        String[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static long num(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
