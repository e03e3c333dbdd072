package dev.cdn.api.domain;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.config.DomainScope;
import dev.cdn.config.HostNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps the platform-wide domain table in step with a service's versions: a service claims every domain named by
 * its drafts and its active version, and no other. Ownership rules (see {@link DomainScope}): within a tenant a
 * name belongs to one service; across tenants only verified claims hold anything, so a pending claim in a draft
 * blocks nobody, but nobody may claim a name that overlaps another tenant's verified claim (a name inside its
 * wildcard or its apex, or a wildcard covering its names). Run inside the transaction that changed the versions;
 * claims and verifications are serialized by one advisory lock, so two overlapping proofs cannot both pass.
 */
@Component
public class DomainClaims {

    /** Serializes claim changes and state transitions across replicas (transaction-scoped). */
    static final long CLAIM_LOCK = 0x4344_4E5F_444F_4DL;

    private final DatabaseClient db;
    private final DomainSettings settings;

    DomainClaims(DatabaseClient db, DomainSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    /**
     * Why each of {@code domains} cannot be claimed by {@code serviceId} of {@code tenantId}, located as
     * {@code domains[i]}; empty when all can.
     */
    public Mono<List<FieldError>> conflicts(UUID tenantId, UUID serviceId, List<String> domains) {
        List<String> valid = domains.stream().filter(HostNames::isValidDomain).map(HostNames::normalize).toList();
        if (valid.isEmpty()) {
            return Mono.just(List.of());
        }
        Mono<List<String>> sameTenant = db.sql("""
                        SELECT name FROM domains WHERE tenant_id = :tenant AND service_id <> :service AND name = ANY(:names)""")
                .bind("tenant", tenantId).bind("service", serviceId).bind("names", valid.toArray(String[]::new))
                .map((row, meta) -> row.get("name", String.class)).all().collectList();
        return sameTenant.zipWith(verifiedByOthers(tenantId, valid), (taken, others) -> {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < domains.size(); i++) {
                String d = domains.get(i);
                if (!HostNames.isValidDomain(d)) {
                    continue;
                }
                String name = HostNames.normalize(d);
                String why = taken.contains(name) ? "'" + d + "' is already used by another service"
                        : overlapReason(name, others);
                if (why != null) {
                    errors.add(new FieldError("domains[" + i + "]", why));
                }
            }
            return errors;
        });
    }

    /** Why {@code name} overlaps one of {@code othersVerified}, or null. */
    static String overlapReason(String name, List<String> othersVerified) {
        for (String other : othersVerified) {
            if (other.equals(name)) {
                return "'" + name + "' is verified by another tenant";
            }
            if (DomainScope.covers(other, name)) {
                return "'" + name + "' lies inside '" + other + "', which another tenant has verified";
            }
            if (DomainScope.covers(name, other)) {
                return "'" + name + "' covers '" + other + "', which another tenant has verified";
            }
        }
        return null;
    }

    /**
     * Other tenants' verified names that may overlap {@code names}: the names themselves, every wildcard above
     * them, and for a wildcard its apex and everything below it. The query narrows by index where it can; the
     * caller decides with {@link DomainScope}.
     */
    Mono<List<String>> verifiedByOthers(UUID tenantId, List<String> names) {
        Set<String> candidates = new LinkedHashSet<>();
        List<String> below = new ArrayList<>();
        for (String name : names) {
            candidates.add(name);
            String base = DomainScope.base(name);
            for (String rest = base; ; rest = rest.substring(rest.indexOf('.') + 1)) {
                candidates.add("*." + rest);
                if (rest.indexOf('.') < 0) {
                    break;
                }
            }
            if (DomainScope.isWildcard(name)) {
                candidates.add(base);
                below.add("%." + base);
            }
        }
        return db.sql("""
                        SELECT name FROM domains WHERE tenant_id <> :tenant AND state = 'verified'
                        AND (name = ANY(:candidates) OR name LIKE ANY(:below))""")
                .bind("tenant", tenantId).bind("candidates", candidates.toArray(String[]::new))
                .bind("below", below.toArray(String[]::new))
                .map((row, meta) -> row.get("name", String.class)).all().collectList()
                .map(found -> found.stream().filter(o -> names.stream().anyMatch(n -> DomainScope.overlap(n, o))).toList());
    }

    /** Takes the lock that serializes claims and verifications; joins the caller's transaction. */
    Mono<Void> lock() {
        return db.sql("SELECT pg_advisory_xact_lock(:lock)").bind("lock", CLAIM_LOCK).then();
    }

    /**
     * Re-claims the service's domains; {@code fieldDomains} locates conflicts in the caller's request. New claims
     * start pending with a fresh token (or verified at once, for local development names when the operator
     * allows it); claims the service keeps keep their state.
     */
    public Mono<Void> sync(UUID serviceId, UUID tenantId, List<String> fieldDomains) {
        Mono<List<String>> desired = db.sql("""
                        SELECT DISTINCT jsonb_array_elements_text(config->'domains') AS name FROM service_versions
                        WHERE service_id = :id AND state IN ('draft', 'active')""")
                .bind("id", serviceId)
                .map((row, meta) -> row.get("name", String.class)).all().collectList();
        return lock().then(desired).flatMap(names -> conflicts(tenantId, serviceId, names).flatMap(found -> {
            if (!found.isEmpty()) {
                return Mono.error(ApiException.invalid(locate(found, names, fieldDomains)));
            }
            String[] all = names.toArray(String[]::new);
            String[] verifiedAtOnce = names.stream().filter(settings::autoVerifies).toArray(String[]::new);
            Mono<Void> release = db.sql("DELETE FROM domains WHERE service_id = :id AND NOT (name = ANY(:names))")
                    .bind("id", serviceId).bind("names", all).then();
            Mono<Void> claim = db.sql("""
                            INSERT INTO domains (name, service_id, tenant_id, state, verified_at, last_outcome)
                            SELECT n, :id, :tenant,
                                   CASE WHEN n = ANY(:auto) THEN 'verified' ELSE 'pending' END,
                                   CASE WHEN n = ANY(:auto) THEN now() END,
                                   CASE WHEN n = ANY(:auto) THEN 'auto_verified' END
                            FROM unnest(:names::text[]) AS n
                            ON CONFLICT (service_id, name) DO NOTHING""")
                    .bind("names", all).bind("id", serviceId).bind("tenant", tenantId).bind("auto", verifiedAtOnce)
                    .then();
            return release.then(claim);
        }));
    }

    /** Re-addresses conflicts found on the service's whole set of names to the fields of the caller's request. */
    private static List<FieldError> locate(List<FieldError> found, List<String> names, List<String> fieldDomains) {
        List<FieldError> errors = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (FieldError e : found) {
            String name = names.get(Integer.parseInt(e.field().substring("domains[".length(), e.field().length() - 1)));
            int i = fieldDomains.indexOf(name);
            if (i >= 0) {
                errors.add(new FieldError("domains[" + i + "]", e.message()));
            } else {
                messages.add(e.message());
            }
        }
        if (!messages.isEmpty()) {
            errors.add(new FieldError("domains", String.join("; ", messages)));
        }
        return errors;
    }
}
