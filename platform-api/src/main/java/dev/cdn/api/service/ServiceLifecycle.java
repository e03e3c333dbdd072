package dev.cdn.api.service;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.domain.DomainClaims;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.api.etag.EntityTags;
import dev.cdn.api.publish.EdgeEventLog;
import dev.cdn.api.security.TenantPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The end of a service and of a draft. Deleting a service is a soft delete: the row, its versions and the audit
 * history stay; it leaves every listing, its domains are released for anyone to claim, and edges are told to stop
 * serving it (a {@code remove} event on the control channel, on which they also drop its cached objects).
 * Discarding a draft deletes that version; the service keeps serving its active version.
 */
@Service
class ServiceLifecycle {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ServiceCatalog catalog;
    private final DomainClaims claims;
    private final EdgeEventLog events;
    private final AuditLog audit;

    ServiceLifecycle(DatabaseClient db, TransactionalOperator tx, ServiceCatalog catalog, DomainClaims claims,
                     EdgeEventLog events, AuditLog audit) {
        this.db = db;
        this.tx = tx;
        this.catalog = catalog;
        this.claims = claims;
        this.events = events;
        this.audit = audit;
    }

    /** {@code ifMatch}, when sent, must name the service's current ETag (checked under its row lock). */
    Mono<Void> delete(TenantPrincipal caller, UUID serviceId, String ifMatch) {
        Mono<Void> work = catalog.get(caller, serviceId)
                .then(catalog.lock(serviceId))
                .then(Mono.defer(() -> catalog.get(caller, serviceId)))
                .flatMap(service -> {
                    EntityTags.requireMatch(ifMatch, service.etag(), "service " + serviceId);
                    Map<String, Object> before = new LinkedHashMap<>();
                    before.put("name", service.name());
                    before.put("domains", service.domains());
                    before.put("activeVersion", service.activeVersion());
                    Mono<Void> stopServing = service.activeVersion() == null ? Mono.empty()
                            : events.appendRemove(serviceId.toString()).then();
                    return db.sql("""
                                    UPDATE services SET deleted_at = now(), updated_at = now(), revision = revision + 1
                                    WHERE id = :id AND deleted_at IS NULL""")
                            .bind("id", serviceId).then()
                            .then(db.sql("DELETE FROM domains WHERE service_id = :id").bind("id", serviceId).then())
                            .then(stopServing)
                            .then(audit.record(caller, "service.delete", "service", serviceId.toString(), before, null));
                });
        return work.as(tx::transactional).doOnSuccess(x -> events.announce());
    }

    /**
     * Deletes draft {@code number}; the domains only it named are released. The only version of a service that
     * never went live cannot be discarded (there would be nothing left): delete the service instead.
     */
    Mono<Void> discardDraft(TenantPrincipal caller, UUID serviceId, int number, String ifMatch) {
        return catalog.get(caller, serviceId)
                .then(catalog.lock(serviceId))
                .then(Mono.defer(() -> catalog.get(caller, serviceId)))
                .zipWhen(service -> catalog.version(caller, serviceId, number))
                .flatMap(found -> {
                    ServiceView.Service service = found.getT1();
                    ServiceView.Version version = found.getT2();
                    EntityTags.requireMatch(ifMatch, version.etag(), "version " + number);
                    if (!version.state().equals("draft")) {
                        return Mono.error(new ApiException(HttpStatus.CONFLICT, "Not a draft", "version " + number
                                + " is " + version.state() + "; only drafts can be discarded",
                                List.of(new FieldError("version", "version " + number + " is " + version.state()))));
                    }
                    if (service.activeVersion() == null) {
                        return db.sql("SELECT count(*) AS n FROM service_versions WHERE service_id = :id")
                                .bind("id", serviceId).map((row, meta) -> row.get("n", Long.class)).one()
                                .flatMap(n -> n > 1 ? discard(caller, serviceId, version)
                                        : Mono.error(ApiException.conflict("version " + number + " is the service's only"
                                                + " version; delete the service instead (DELETE /v1/services/"
                                                + serviceId + ")", List.of(new FieldError("version", "only version")))));
                    }
                    return discard(caller, serviceId, version);
                })
                .as(tx::transactional);
    }

    private Mono<Void> discard(TenantPrincipal caller, UUID serviceId, ServiceView.Version version) {
        return db.sql("DELETE FROM service_versions WHERE service_id = :id AND number = :n AND state = 'draft'")
                .bind("id", serviceId).bind("n", version.number()).then()
                .then(db.sql("UPDATE services SET updated_at = now(), revision = revision + 1 WHERE id = :id")
                        .bind("id", serviceId).then())
                .then(claims.sync(serviceId, caller.tenantId(), List.of()))
                .then(audit.record(caller, "version.discard", "version", serviceId + "/" + version.number(),
                        version.config(), null));
    }
}
