package dev.cdn.api.service;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.error.Validation;
import dev.cdn.api.etag.EntityTags;
import dev.cdn.api.security.TenantPrincipal;
import java.util.Collections;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Changes the note of a draft, as {@link DraftEditor} changes its configuration: under the service's row lock,
 * against the version's ETag, recorded in the audit log. A version that is or was active keeps its note as it was
 * when it went live, like the rest of it.
 */
@Service
class VersionNotes {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ServiceCatalog catalog;
    private final AuditLog audit;

    VersionNotes(DatabaseClient db, TransactionalOperator tx, ServiceCatalog catalog, AuditLog audit) {
        this.db = db;
        this.tx = tx;
        this.catalog = catalog;
        this.audit = audit;
    }

    Mono<ServiceView.Version> set(TenantPrincipal caller, UUID serviceId, int number, String note, String ifMatch) {
        VersionNote.check(new Validation(), note).throwIfInvalid();
        String stored = VersionNote.normalize(note);
        return catalog.get(caller, serviceId)
                .then(catalog.lock(serviceId))
                .then(catalog.version(caller, serviceId, number))
                .flatMap(version -> {
                    EntityTags.requireMatch(ifMatch, version.etag(), "version " + number);
                    if (!version.state().equals("draft")) {
                        return Mono.error(DraftEditor.locked(number, version.state()));
                    }
                    var update = db.sql("""
                                    UPDATE service_versions SET note = :note, revision = revision + 1
                                    WHERE service_id = :id AND number = :n AND state = 'draft'""")
                            .bind("id", serviceId).bind("n", number);
                    update = stored == null ? update.bindNull("note", String.class) : update.bind("note", stored);
                    return update.then()
                            .then(db.sql("UPDATE services SET updated_at = now(), revision = revision + 1 WHERE id = :id")
                                    .bind("id", serviceId).then())
                            .then(audit.record(caller, "version.note", "version", serviceId + "/" + number,
                                    Collections.singletonMap("note", version.note()),
                                    Collections.singletonMap("note", stored)))
                            .then(catalog.version(caller, serviceId, number));
                })
                .as(tx::transactional);
    }
}
