package dev.cdn.api.service;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.domain.DomainClaims;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.api.error.Validation;
import dev.cdn.api.etag.EntityTags;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.ConfigValidator;
import dev.cdn.config.ServiceConfig;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Changes a draft version: loads it under a row lock, applies one edit, validates the result, re-claims domains,
 * stores it and records the change in the audit log, all in one transaction. Versions that are or were active
 * are immutable: editing one answers 409 and says to clone it.
 */
@Service
class DraftEditor {

    /** Whole-config checks that only activation enforces, so a draft may be built up step by step. */
    private static final Set<String> DEFERRED = Set.of("id", "version", "domains", "origins");

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ServiceCatalog catalog;
    private final OriginAddressPolicy originPolicy;
    private final DomainClaims claims;
    private final AuditLog audit;

    DraftEditor(DatabaseClient db, TransactionalOperator tx, ServiceCatalog catalog, OriginAddressPolicy originPolicy,
                DomainClaims claims, AuditLog audit) {
        this.db = db;
        this.tx = tx;
        this.catalog = catalog;
        this.originPolicy = originPolicy;
        this.claims = claims;
        this.audit = audit;
    }

    /**
     * Applies {@code change} to draft {@code number}. {@code ifMatch}, when sent, must name the version's current
     * ETag; it is compared under the service's row lock, so of two writers holding the same ETag one gets 412.
     */
    Mono<ServiceView.Version> edit(TenantPrincipal caller, UUID serviceId, int number, String action,
                                   UnaryOperator<ServiceConfig> change, String ifMatch) {
        return catalog.get(caller, serviceId)
                .then(catalog.lock(serviceId))
                .then(catalog.version(caller, serviceId, number))
                .flatMap(version -> {
                    EntityTags.requireMatch(ifMatch, version.etag(), "version " + number);
                    if (!version.state().equals("draft")) {
                        return Mono.error(locked(number, version.state()));
                    }
                    ServiceConfig before = version.config();
                    ServiceConfig after = change.apply(before);
                    Validation v = new Validation();
                    ConfigValidator.validate(after).stream()
                            .filter(x -> !DEFERRED.contains(x.field()))
                            .forEach(x -> v.add(x.field(), x.message()));
                    v.throwIfInvalid();
                    return originPolicy.check(after.origins(), "origins").flatMap(errors -> {
                        new Validation().addAll(errors).throwIfInvalid();
                        return db.sql("""
                                        UPDATE service_versions SET config = :config, revision = revision + 1
                                        WHERE service_id = :id AND number = :n AND state = 'draft'""")
                                .bind("config", Json.of(ConfigCodec.write(after))).bind("id", serviceId).bind("n", number)
                                .then()
                                .then(db.sql("UPDATE services SET updated_at = now(), revision = revision + 1 WHERE id = :id")
                                        .bind("id", serviceId).then())
                                .then(claims.sync(serviceId, caller.tenantId(), after.domains()))
                                .then(audit.record(caller, action, "version", serviceId + "/" + number, before, after))
                                .then(catalog.version(caller, serviceId, number));
                    });
                })
                .as(tx::transactional);
    }

    /** Copies any version into a new draft numbered one past the latest, with {@code note} (null: none). */
    Mono<ServiceView.Version> cloneVersion(TenantPrincipal caller, UUID serviceId, int number, String note) {
        VersionNote.check(new Validation(), note).throwIfInvalid();
        String stored = VersionNote.normalize(note);
        return catalog.get(caller, serviceId)
                .then(db.sql("SELECT latest_version FROM services WHERE id = :id FOR UPDATE").bind("id", serviceId)
                        .map((row, meta) -> row.get("latest_version", Integer.class)).one())
                .flatMap(latest -> catalog.version(caller, serviceId, number).flatMap(source -> {
                    int next = latest + 1;
                    ServiceConfig copy = source.config().withVersion(next);
                    var insert = db.sql("""
                                    INSERT INTO service_versions (service_id, number, state, config, comment, note)
                                    VALUES (:id, :n, 'draft', :config, :comment, :note)""")
                            .bind("id", serviceId).bind("n", next).bind("config", Json.of(ConfigCodec.write(copy)))
                            .bind("comment", "cloned from version " + number);
                    java.util.Map<String, Object> cloned = new java.util.LinkedHashMap<>();
                    cloned.put("from", number);
                    cloned.put("to", next);
                    if (stored != null) {
                        cloned.put("note", stored);
                    }
                    return (stored == null ? insert.bindNull("note", String.class) : insert.bind("note", stored)).then()
                            .then(db.sql("""
                                            UPDATE services SET latest_version = :n, updated_at = now(), revision = revision + 1
                                            WHERE id = :id""")
                                    .bind("n", next).bind("id", serviceId).then())
                            .then(claims.sync(serviceId, caller.tenantId(), copy.domains()))
                            .then(audit.record(caller, "version.clone", "version", serviceId + "/" + next,
                                    null, cloned))
                            .then(catalog.version(caller, serviceId, next));
                }))
                .as(tx::transactional);
    }

    static ApiException locked(int number, String state) {
        return new ApiException(HttpStatus.CONFLICT, "Version locked", "version " + number + " is " + state
                + " and can no longer change; clone it into a new draft (POST .../versions/" + number + "/clone)",
                List.of(new FieldError("version", "version " + number + " is " + state)));
    }
}
