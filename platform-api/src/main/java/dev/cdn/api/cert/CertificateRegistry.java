package dev.cdn.api.cert;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.publish.EdgeEventLog;
import dev.cdn.api.security.TenantPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A service's certificates as its tenant sees them: upload (checked whole by {@link UploadCheck}, the key sealed
 * before it is stored), list, read and delete. Every change is audited (never with the key) and tells the edges,
 * in the same transaction, that the service's certificates changed.
 */
@Service
class CertificateRegistry {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final StoredCertificates store;
    private final CertificateSettings settings;
    private final AuditLog audit;
    private final EdgeEventLog events;
    private final Clock clock;
    private final AcmeOrders acme;

    CertificateRegistry(DatabaseClient db, TransactionalOperator tx, StoredCertificates store,
                        CertificateSettings settings, AuditLog audit, EdgeEventLog events, Clock clock,
                        AcmeOrders acme) {
        this.acme = acme;
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.settings = settings;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    Mono<CertificateView> upload(TenantPrincipal caller, UUID serviceId, UploadRequest body) {
        caller.requireService(serviceId);
        return owned(caller, serviceId).then(store.verifiedDomains(serviceId)).flatMap(verified -> {
            KeySealer sealer = settings.sealer().orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
                    "Certificates are off", "this platform has no cdn.certs.encryption-key: certificates cannot be"
                    + " stored", List.of()));
            Instant now = clock.instant();
            UploadCheck.Result checked = UploadCheck.check(body == null ? null : body.chain(),
                    body == null ? null : body.key(), verified, now);
            if (checked.valid() == null) {
                return Mono.error(ApiException.invalid(checked.errors()));
            }
            UploadCheck.Valid valid = checked.valid();
            UUID id = UUID.randomUUID();
            StoredCertificates.Row row = new StoredCertificates.Row(id, caller.tenantId(), serviceId,
                    CertificateSource.UPLOAD, valid.names(), PemFiles.certificatePem(valid.chain()),
                    sealer.seal(valid.pkcs8(), id.toString()), PemFiles.fingerprint(valid.leaf()),
                    valid.leaf().getNotBefore().toInstant(), valid.leaf().getNotAfter().toInstant(), now);
            CertificateView view = view(row, verified, now);
            return store.insert(row)
                    .then(audit.record(caller, "certificate.upload", "certificate", id.toString(), null, view))
                    .then(events.appendCertificates(serviceId.toString()))
                    .as(tx::transactional)
                    .doOnSuccess(seq -> events.announce())
                    .then(store.one(serviceId, id)).map(stored -> view(stored, verified, now));
        });
    }

    Flux<CertificateView> list(TenantPrincipal caller, UUID serviceId) {
        caller.requireService(serviceId);
        return owned(caller, serviceId).then(store.verifiedDomains(serviceId)).flatMapMany(verified -> {
            Instant now = clock.instant();
            return store.ofService(serviceId).map(row -> view(row, verified, now));
        });
    }

    /** The service's ACME state, empty until the platform first ordered for it. */
    Mono<AcmeOrders.State> acme(TenantPrincipal caller, UUID serviceId) {
        caller.requireService(serviceId);
        return owned(caller, serviceId).then(acme.state(serviceId));
    }

    Mono<CertificateView> get(TenantPrincipal caller, UUID serviceId, UUID id) {
        caller.requireService(serviceId);
        return owned(caller, serviceId).then(store.verifiedDomains(serviceId)).flatMap(verified -> store
                .one(serviceId, id).map(row -> view(row, verified, clock.instant())))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("certificate " + id)));
    }

    Mono<Void> delete(TenantPrincipal caller, UUID serviceId, UUID id) {
        return get(caller, serviceId, id).flatMap(before -> store.delete(serviceId, id)
                .then(audit.record(caller, "certificate.delete", "certificate", id.toString(), before, null))
                .then(events.appendCertificates(serviceId.toString()))
                .as(tx::transactional)
                .doOnSuccess(seq -> events.announce())).then();
    }

    static CertificateView view(StoredCertificates.Row row, List<String> verified, Instant now) {
        List<String> covered = NameCoverage.covered(row.names(), verified);
        CertificateStatus status = !now.isBefore(row.notAfter()) ? CertificateStatus.EXPIRED
                : covered.isEmpty() ? CertificateStatus.NOT_SERVED : CertificateStatus.ACTIVE;
        return new CertificateView(row.id().toString(), row.serviceId().toString(), row.source().wireName(),
                status.wireName(), row.names(), status == CertificateStatus.ACTIVE ? covered : List.of(),
                row.fingerprint(), row.notBefore(), row.notAfter(), row.createdAt());
    }

    private Mono<Void> owned(TenantPrincipal caller, UUID serviceId) {
        return db.sql("SELECT id FROM services WHERE id = :id AND tenant_id = :tenant")
                .bind("id", serviceId).bind("tenant", caller.tenantId())
                .map((row, meta) -> 1).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                .then();
    }
}
