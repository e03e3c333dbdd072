package dev.cdn.api.purge;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.publish.EdgeEventLog;
import dev.cdn.api.ratelimit.RateLimitHeaders;
import dev.cdn.api.ratelimit.RateOutcome;
import dev.cdn.api.ratelimit.RateVerdict;
import dev.cdn.api.security.Scope;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.HostNames;
import dev.cdn.config.PurgeCommand;
import dev.cdn.config.PurgeKind;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Validates, stores and sequences purges, and reports their progress from edge acknowledgements. */
@Service
class PurgeService {

    static final int MAX_VALUES = 1000;
    /** The most purges {@code GET /v1/services/{id}/purges} lists at once. */
    static final int MAX_HISTORY = 100;

    /** Body of {@code POST /v1/services/{id}/purge}: exactly one of urls, tags, prefixes or all. */
    record Request(List<String> urls, List<String> tags, List<String> prefixes, Boolean all, Boolean soft) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final EdgeEventLog events;
    private final AuditLog audit;
    private final PurgeProgress progress;

    private final int maxPerMinute;

    PurgeService(DatabaseClient db, TransactionalOperator tx, EdgeEventLog events, AuditLog audit, PurgeProgress progress,
                 @org.springframework.beans.factory.annotation.Value("${cdn.purge.max-per-minute:6000}") int maxPerMinute) {
        this.db = db;
        this.tx = tx;
        this.events = events;
        this.audit = audit;
        this.progress = progress;
        this.maxPerMinute = maxPerMinute;
    }

    /**
     * Per-tenant purge rate limit over a sliding minute, counted in the database so that every API replica
     * enforces the same budget.
     */
    private Mono<Void> checkRate(TenantPrincipal caller) {
        return db.sql("""
                        SELECT count(*) AS n, coalesce(extract(epoch FROM min(created_at) + interval '1 minute' - now()), 0)
                               AS wait
                        FROM purges WHERE tenant_id = :tenant AND created_at > now() - interval '1 minute'""")
                .bind("tenant", caller.tenantId())
                .map((row, meta) -> new long[] {row.get("n", Long.class),
                        (long) Math.ceil(row.get("wait", Number.class).doubleValue())})
                .one()
                .flatMap(r -> r[0] < maxPerMinute ? Mono.empty() : Mono.error(limited(Math.max(1, r[1]))));
    }

    /** The purge budget's 429, with the same RateLimit header fields as the API's per-tenant request budget. */
    private ApiException limited(long waitSeconds) {
        HttpHeaders headers = new HttpHeaders();
        RateLimitHeaders.write(headers, new RateVerdict(RateOutcome.LIMITED, maxPerMinute, 0, waitSeconds, waitSeconds),
                60);
        return ApiException.tooManyRequests("at most " + maxPerMinute + " purges per minute per tenant; retry in "
                + waitSeconds + " s", waitSeconds).withHeaders(headers);
    }

    Mono<PurgeView> purge(TenantPrincipal caller, UUID serviceId, Request r) {
        caller.requireService(serviceId);
        int kinds = (r.urls() != null ? 1 : 0) + (r.tags() != null ? 1 : 0) + (r.prefixes() != null ? 1 : 0)
                + (Boolean.TRUE.equals(r.all()) ? 1 : 0);
        if (kinds != 1) {
            throw ApiException.invalid("body", "give exactly one of 'urls', 'tags', 'prefixes' or 'all': true");
        }
        PurgeKind kind = r.urls() != null ? PurgeKind.URL : r.tags() != null ? PurgeKind.TAG
                : r.prefixes() != null ? PurgeKind.PREFIX : PurgeKind.ALL;
        caller.require(kind == PurgeKind.ALL ? Scope.PURGE_ALL : Scope.PURGE);
        // The two checks are independent: run them side by side rather than one after the other.
        return Mono.zip(checkRate(caller).thenReturn(true), domains(caller, serviceId), (ok, domains) -> domains)
                .flatMap(domains -> {
            List<String> values = validate(kind, r, domains);
            UUID id = UUID.randomUUID();
            PurgeCommand command = new PurgeCommand(id.toString(), serviceId.toString(), kind, values,
                    Boolean.TRUE.equals(r.soft()));
            return events.appendPurge(command)
                    .flatMap(seq -> db.sql("""
                                    INSERT INTO purges (id, tenant_id, service_id, kind, purge_values, soft, seq, created_by)
                                    VALUES (:id, :tenant, :service, :kind, :values, :soft, :seq, :by)""")
                            .bind("id", id).bind("tenant", caller.tenantId()).bind("service", serviceId)
                            .bind("kind", kind.name().toLowerCase(Locale.ROOT))
                            .bind("values", values.toArray(String[]::new)).bind("soft", command.soft())
                            .bind("seq", seq).bind("by", caller.actor()).then()
                            .then(audit.record(caller, "purge.create", "service", serviceId.toString(), null, command))
                            .thenReturn(seq))
                    .as(tx::transactional)
                    .doOnSuccess(events::announce)
                    // Answered from memory: the edges' progress is GET /v1/purges/{id}'s business, and a query
                    // here would only delay the answer while every edge stream is reading the new event.
                    .map(seq -> new PurgeView(id, serviceId, kind.name().toLowerCase(Locale.ROOT), values,
                            command.soft(), seq, java.time.Instant.now(), PurgeStatus.PENDING, null, List.of()));
        });
    }

    /** The service's domains; 404 when the service is not the caller's tenant's. */
    private Mono<List<String>> domains(TenantPrincipal caller, UUID serviceId) {
        return db.sql("""
                        SELECT array_remove(array_agg(d.name), NULL) AS domains FROM services s
                        LEFT JOIN domains d ON d.service_id = s.id
                        WHERE s.id = :id AND s.tenant_id = :tenant AND s.deleted_at IS NULL GROUP BY s.id""")
                .bind("id", serviceId).bind("tenant", caller.tenantId())
                .map((row, meta) -> Arrays.asList(row.get("domains", String[].class)))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)));
    }

    private static List<String> validate(PurgeKind kind, Request r, List<String> domains) {
        Validation v = new Validation();
        List<String> raw = switch (kind) {
            case URL -> r.urls();
            case TAG -> r.tags();
            case PREFIX -> r.prefixes();
            case ALL -> List.of();
        };
        String field = switch (kind) {
            case URL -> "urls";
            case TAG -> "tags";
            case PREFIX -> "prefixes";
            case ALL -> "all";
        };
        if (kind != PurgeKind.ALL && raw.isEmpty()) {
            v.add(field, "must list at least one value");
        }
        if (raw.size() > MAX_VALUES) {
            v.add(field, "at most " + MAX_VALUES + " values per purge");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < raw.size() && raw.size() <= MAX_VALUES; i++) {
            String value = raw.get(i);
            String at = field + "[" + i + "]";
            if (value == null || value.isBlank()) {
                v.add(at, "must not be blank");
            } else if (kind == PurgeKind.TAG) {
                v.require(value.length() <= 256 && value.chars().allMatch(c -> c > ' ' && c <= '~'), at,
                        "must be 1-256 visible ASCII characters without spaces");
                values.add(value);
            } else {
                String problem = urlProblem(value, domains);
                if (problem != null) {
                    v.add(at, problem);
                }
                values.add(value.trim());
            }
        }
        v.throwIfInvalid();
        return values;
    }

    /** Why a URL or prefix cannot be purged on this service, or null when it can. */
    static String urlProblem(String value, List<String> domains) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            return "'" + value + "' is not a valid URL";
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            return "must be an absolute http:// or https:// URL such as https://www.example.com/path";
        }
        String host = HostNames.normalize(uri.getHost());
        boolean ours = domains.stream().anyMatch(d -> d.equals(host)
                || d.startsWith("*.") && host.endsWith(d.substring(1)) && host.length() > d.length() - 1);
        return ours ? null : "host '" + host + "' is not a domain of this service";
    }

    /** The purge and its per-edge progress ({@link PurgeProgress}). */
    Mono<PurgeView> status(TenantPrincipal caller, UUID purgeId) {
        return progress.one(caller.tenantId(), purgeId).next()
                .filter(p -> caller.serviceIds().isEmpty() || caller.serviceIds().contains(p.serviceId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("purge " + purgeId)));
    }

    /**
     * The service's latest purges, newest first, each with its per-edge progress; 404 for a service the caller
     * cannot see, 400 naming {@code limit} outside 1 to {@value #MAX_HISTORY}.
     */
    Mono<List<PurgeView>> history(TenantPrincipal caller, UUID serviceId, int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            return Mono.error(ApiException.invalid("limit", "must be a whole number from 1 to " + MAX_HISTORY));
        }
        return domains(caller, serviceId)
                .flatMap(found -> progress.recent(caller.tenantId(), serviceId, limit).collectList());
    }
}
