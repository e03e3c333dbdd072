package dev.cdn.api.service;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.domain.DomainClaims;
import dev.cdn.api.domain.VerifiedPublisher;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.api.error.Validation;
import dev.cdn.api.etag.EntityTags;
import dev.cdn.api.publish.EdgeEventLog;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.ConfigValidator;
import dev.cdn.config.HostNames;
import dev.cdn.config.InvalidConfigException;
import dev.cdn.config.Names;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Services and their versions. Every query is scoped by the caller's tenant; another tenant's service answers
 * 404. A version holds a whole {@link ServiceConfig}; activating it validates, compiles and publishes it.
 */
@Service
class ServiceCatalog {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final OriginAddressPolicy originPolicy;
    private final EdgeEventLog events;
    private final DomainClaims claims;
    private final VerifiedPublisher publisher;
    private final VersionValidator validator;
    private final AuditLog audit;

    ServiceCatalog(DatabaseClient db, TransactionalOperator tx, OriginAddressPolicy originPolicy, EdgeEventLog events,
                   DomainClaims claims, VerifiedPublisher publisher, VersionValidator validator, AuditLog audit) {
        this.db = db;
        this.tx = tx;
        this.originPolicy = originPolicy;
        this.events = events;
        this.claims = claims;
        this.publisher = publisher;
        this.validator = validator;
        this.audit = audit;
    }

    Mono<ServiceView.Service> create(TenantPrincipal caller, ServiceRequests.Create r) {
        UUID id = UUID.randomUUID();
        List<String> domains = r.domains() == null ? List.of()
                : r.domains().stream().map(d -> d == null ? null : HostNames.normalize(d)).toList();
        List<Origin> origins = new ArrayList<>();
        if (r.origins() != null) {
            for (int i = 0; i < r.origins().size(); i++) {
                Origin o = r.origins().get(i);
                origins.add(o == null || o.name() != null ? o : new Origin("origin-" + (i + 1), o.host(), o.port(),
                        o.tls(), o.hostHeader(), o.weight(), o.pool(), o.healthCheckPath(), o.connectTimeoutMs(),
                        o.readTimeoutMs()));
            }
        }
        String name = r.name() == null ? null : r.name().strip();
        ServiceConfig config = new ServiceConfig(id.toString(), caller.tenantId().toString(), name, 1, domains,
                origins, r.rules(), r.settings());
        // The name is checked as sent: stripping must not hide a control character at either end.
        Validation v = VersionNote.check(new Validation().name(r.name(), "name", Names.DISPLAY_MAX), r.note());
        ConfigValidator.validate(config).stream()
                .filter(x -> !x.field().equals("id") && !x.field().equals("version") && !x.field().equals("name"))
                .forEach(x -> v.add(x.field(), x.message()));
        return originPolicy.check(config.origins(), "origins")
                .flatMap(originErrors -> claims.conflicts(caller.tenantId(), id, domains).map(taken -> {
                    v.addAll(originErrors).addAll(taken);
                    v.throwIfInvalid();
                    return config;
                }))
                .flatMap(c -> insertService(caller, c, VersionNote.normalize(r.note())))
                .onErrorMap(DataIntegrityViolationException.class, e -> ApiException.invalid("domains",
                        "one of these domains was just taken by another service"));
    }

    private Mono<ServiceView.Service> insertService(TenantPrincipal caller, ServiceConfig c, String note) {
        UUID id = UUID.fromString(c.id());
        Mono<Void> service = db.sql("""
                        INSERT INTO services (id, tenant_id, name, latest_version) VALUES (:id, :tenant, :name, 1)""")
                .bind("id", id).bind("tenant", caller.tenantId()).bind("name", c.name()).then();
        var insertVersion = db.sql("""
                        INSERT INTO service_versions (service_id, number, state, config, note)
                        VALUES (:id, 1, 'draft', :config, :note)""")
                .bind("id", id).bind("config", Json.of(ConfigCodec.write(c)));
        Mono<Void> version = (note == null ? insertVersion.bindNull("note", String.class)
                : insertVersion.bind("note", note)).then();
        Mono<Void> domains = claims.sync(id, caller.tenantId(), c.domains());
        Mono<Void> record = audit.record(caller, "service.create", "service", c.id(), null, c);
        return service.then(version).then(domains).then(record).as(tx::transactional)
                .then(Mono.defer(() -> get(caller, id)));
    }

    Flux<ServiceView.Service> list(TenantPrincipal caller) {
        return db.sql(SELECT_SERVICE + " WHERE s.tenant_id = :tenant AND s.deleted_at IS NULL GROUP BY s.id"
                        + " ORDER BY s.created_at")
                .bind("tenant", caller.tenantId())
                .map((row, meta) -> toView(row))
                .all()
                .filter(s -> caller.serviceIds().isEmpty() || caller.serviceIds().contains(s.id()));
    }

    Mono<ServiceView.Service> get(TenantPrincipal caller, UUID id) {
        caller.requireService(id);
        return db.sql(SELECT_SERVICE + " WHERE s.tenant_id = :tenant AND s.id = :id AND s.deleted_at IS NULL"
                        + " GROUP BY s.id")
                .bind("tenant", caller.tenantId()).bind("id", id)
                .map((row, meta) -> toView(row))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + id)));
    }

    Flux<ServiceView.Version> versions(TenantPrincipal caller, UUID serviceId) {
        return get(caller, serviceId).thenMany(db.sql("""
                        SELECT number, state, created_at, activated_at, note, revision FROM service_versions
                        WHERE service_id = :id ORDER BY number""")
                .bind("id", serviceId)
                .map((row, meta) -> new ServiceView.Version(row.get("number", Integer.class),
                        row.get("state", String.class), instant(row.get("created_at", OffsetDateTime.class)),
                        instant(row.get("activated_at", OffsetDateTime.class)), row.get("note", String.class), null,
                        EntityTags.of(row.get("revision", Long.class))))
                .all());
    }

    Mono<ServiceView.Version> version(TenantPrincipal caller, UUID serviceId, int number) {
        return get(caller, serviceId).then(loadVersion(serviceId, number));
    }

    private Mono<ServiceView.Version> loadVersion(UUID serviceId, int number) {
        return db.sql("""
                        SELECT number, state, created_at, activated_at, note, config, revision FROM service_versions
                        WHERE service_id = :id AND number = :n""")
                .bind("id", serviceId).bind("n", number)
                .map((row, meta) -> new ServiceView.Version(row.get("number", Integer.class),
                        row.get("state", String.class), instant(row.get("created_at", OffsetDateTime.class)),
                        instant(row.get("activated_at", OffsetDateTime.class)), row.get("note", String.class),
                        decode(row.get("config", Json.class)), EntityTags.of(row.get("revision", Long.class))))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("version " + number)));
    }

    /**
     * Validates and compiles a version, makes it the only active one and appends it to the edge event log (with
     * only its verified domains: see {@link VerifiedPublisher}), all in one transaction; edges are woken after
     * commit. Activating the active version again is a no-op. {@code ifMatch}, when sent, must name the version's
     * current ETag (checked under the service's row lock).
     */
    Mono<ServiceView.Version> activate(TenantPrincipal caller, UUID serviceId, int number, String ifMatch) {
        Mono<ServiceView.Version> work = get(caller, serviceId)
                .then(lock(serviceId))
                .then(loadVersion(serviceId, number))
                .flatMap(version -> {
                    EntityTags.requireMatch(ifMatch, version.etag(), "version " + number);
                    if (version.state().equals("active")) {
                        return Mono.just(version);
                    }
                    ServiceConfig compiled = compile(version.config(), serviceId, caller.tenantId(), number);
                    return validator.problems(caller.tenantId(), serviceId, compiled).flatMap(problems -> {
                        if (!problems.isEmpty()) {
                            return Mono.error(ApiException.invalid(problems));
                        }
                        return activeNumber(serviceId);
                    }).flatMap(previous -> db.sql("""
                                    UPDATE service_versions SET state = 'inactive', revision = revision + 1
                                    WHERE service_id = :id AND state = 'active'""")
                            .bind("id", serviceId).then()
                            .then(db.sql("""
                                            UPDATE service_versions SET state = 'active', activated_at = now(), config = :config,
                                                revision = revision + 1
                                            WHERE service_id = :id AND number = :n""")
                                    .bind("config", Json.of(ConfigCodec.write(compiled)))
                                    .bind("id", serviceId).bind("n", number).then())
                            .then(db.sql("""
                                            UPDATE services SET active_version = :n, updated_at = now(), revision = revision + 1
                                            WHERE id = :id""")
                                    .bind("n", number).bind("id", serviceId).then())
                            .then(claims.sync(serviceId, caller.tenantId(), compiled.domains()))
                            .then(publisher.publish(compiled))
                            .then(audit.record(caller, "version.activate", "version", serviceId + "/" + number,
                                    previous == 0 ? null : java.util.Map.of("activeVersion", previous),
                                    java.util.Map.of("activeVersion", number)))
                            .then(loadVersion(serviceId, number)));
                });
        return work.as(tx::transactional).doOnSuccess(v -> events.announce());
    }

    /**
     * Takes the service's row lock for the rest of the transaction: every change to a service or its versions
     * holds it, so changes (and their If-Match checks) happen one at a time.
     */
    Mono<Void> lock(UUID serviceId) {
        return db.sql("SELECT id FROM services WHERE id = :id FOR UPDATE").bind("id", serviceId).then();
    }

    private Mono<Integer> activeNumber(UUID serviceId) {
        return db.sql("SELECT coalesce(active_version, 0) AS n FROM services WHERE id = :id").bind("id", serviceId)
                .map((row, meta) -> row.get("n", Integer.class)).one();
    }

    /** Stamps identity and version from the database (never trusting the stored document) and validates. */
    private static ServiceConfig compile(ServiceConfig draft, UUID serviceId, UUID tenantId, int number) {
        ServiceConfig compiled = new ServiceConfig(serviceId.toString(), tenantId.toString(), draft.name(), number,
                draft.domains(), draft.origins(), draft.rules(), draft.settings(), draft.logic(), draft.protection());
        var violations = ConfigValidator.validate(compiled);
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations.stream().map(x -> new FieldError(x.field(), x.message())).toList());
        }
        return compiled;
    }

    private static ServiceConfig decode(Json json) {
        try {
            return ConfigCodec.readServiceConfig(json.asArray());
        } catch (InvalidConfigException e) {
            // Drafts may be saved incomplete in the future; show them anyway rather than failing the read.
            return tools.jackson.databind.json.JsonMapper.shared().readValue(json.asArray(), ServiceConfig.class);
        }
    }

    private static final String SELECT_SERVICE = """
            SELECT s.id, s.name, s.active_version, s.created_at, s.updated_at, s.revision,
                   -- The newest version that exists (a discarded draft leaves a gap); services.latest_version
                   -- only numbers new versions, so that a number is never reused.
                   (SELECT max(v.number) FROM service_versions v WHERE v.service_id = s.id) AS latest_version,
                   array_remove(array_agg(d.name ORDER BY d.name), NULL) AS domains
            FROM services s LEFT JOIN domains d ON d.service_id = s.id""";

    private static ServiceView.Service toView(io.r2dbc.spi.Readable row) {
        String[] domains = row.get("domains", String[].class);
        return new ServiceView.Service(row.get("id", UUID.class), row.get("name", String.class),
                domains == null ? List.of() : Arrays.asList(domains), row.get("active_version", Integer.class),
                row.get("latest_version", Integer.class), instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("updated_at", OffsetDateTime.class)), EntityTags.of(row.get("revision", Long.class)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
