package dev.cdn.api.cert;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code certificates} table: rows in, rows out, the private key only ever sealed. */
@Component
class StoredCertificates {

    /** One stored certificate; {@code keySealed} opens with the operator key bound to {@code id}. */
    record Row(UUID id, UUID tenantId, UUID serviceId, CertificateSource source, List<String> names, String chainPem,
               byte[] keySealed, String fingerprint, Instant notBefore, Instant notAfter, Instant createdAt) {
    }

    private static final String SELECT = """
            SELECT id, tenant_id, service_id, source, names, chain_pem, key_sealed, fingerprint, not_before,
                   not_after, created_at FROM certificates""";

    private final DatabaseClient db;

    StoredCertificates(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Row r) {
        return db.sql("""
                        INSERT INTO certificates (id, tenant_id, service_id, source, names, chain_pem, key_sealed,
                                                  fingerprint, not_before, not_after)
                        VALUES (:id, :tenant, :service, :source, :names, :chain, :key, :fingerprint, :notBefore,
                                :notAfter)""")
                .bind("id", r.id()).bind("tenant", r.tenantId()).bind("service", r.serviceId())
                .bind("source", r.source().wireName()).bind("names", r.names().toArray(String[]::new))
                .bind("chain", r.chainPem()).bind("key", java.nio.ByteBuffer.wrap(r.keySealed()))
                .bind("fingerprint", r.fingerprint()).bind("notBefore", r.notBefore().atOffset(java.time.ZoneOffset.UTC))
                .bind("notAfter", r.notAfter().atOffset(java.time.ZoneOffset.UTC))
                .then();
    }

    /** Deletes the service's other ACME certificates: the one just issued replaces them. */
    Mono<Void> deleteOtherAcme(UUID serviceId, UUID keep) {
        return db.sql("DELETE FROM certificates WHERE service_id = :service AND source = 'acme' AND id <> :keep")
                .bind("service", serviceId).bind("keep", keep).then();
    }

    Flux<Row> ofService(UUID serviceId) {
        return db.sql(SELECT + " WHERE service_id = :service ORDER BY created_at DESC, id")
                .bind("service", serviceId).map((row, meta) -> row(row)).all();
    }

    Mono<Row> one(UUID serviceId, UUID id) {
        return db.sql(SELECT + " WHERE service_id = :service AND id = :id")
                .bind("service", serviceId).bind("id", id).map((row, meta) -> row(row)).one();
    }

    Mono<Long> delete(UUID serviceId, UUID id) {
        return db.sql("DELETE FROM certificates WHERE service_id = :service AND id = :id")
                .bind("service", serviceId).bind("id", id).fetch().rowsUpdated();
    }

    /** Certificates valid at {@code now} whose service has an active version, for the edges. */
    Flux<Row> servable(Instant now) {
        return db.sql(SELECT + " " + """
                         WHERE not_before <= :now AND not_after > :now
                           AND service_id IN (SELECT id FROM services WHERE active_version IS NOT NULL)
                         ORDER BY service_id, not_after DESC, id""")
                .bind("now", now.atOffset(java.time.ZoneOffset.UTC)).map((row, meta) -> row(row)).all();
    }

    /** The verified domains of a service, by name. */
    Mono<List<String>> verifiedDomains(UUID serviceId) {
        return db.sql("SELECT name FROM domains WHERE service_id = :service AND state = 'verified' ORDER BY name")
                .bind("service", serviceId).map((row, meta) -> row.get("name", String.class)).all().collectList();
    }

    /** The verified domains of every service, as (service id, name) pairs. */
    Flux<Object[]> allVerifiedDomains() {
        return db.sql("SELECT service_id, name FROM domains WHERE state = 'verified'")
                .map((row, meta) -> new Object[] {row.get("service_id", UUID.class), row.get("name", String.class)})
                .all();
    }

    private static Row row(Readable row) {
        java.nio.ByteBuffer key = row.get("key_sealed", java.nio.ByteBuffer.class);
        byte[] sealed = new byte[key.remaining()];
        key.get(sealed);
        return new Row(row.get("id", UUID.class), row.get("tenant_id", UUID.class), row.get("service_id", UUID.class),
                CertificateSource.fromWire(row.get("source", String.class)),
                Arrays.asList(row.get("names", String[].class)), row.get("chain_pem", String.class), sealed,
                row.get("fingerprint", String.class), instant(row.get("not_before", OffsetDateTime.class)),
                instant(row.get("not_after", OffsetDateTime.class)), instant(row.get("created_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
