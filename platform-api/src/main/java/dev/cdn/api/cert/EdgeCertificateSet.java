package dev.cdn.api.cert;

import dev.cdn.config.EdgeCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Builds what nodes serve: each valid certificate of an active service, for the names of it that are verified
 * domains of that service now (a lapsed domain stops being served at the next fetch), with its key opened for the
 * answer only; and the ACME HTTP-01 answers not yet expired. A key that does not open (another operator key) is
 * left out and logged, never served half.
 */
@Component
class EdgeCertificateSet {

    private static final Logger log = LoggerFactory.getLogger(EdgeCertificateSet.class);

    private final StoredCertificates store;
    private final CertificateSettings settings;
    private final DatabaseClient db;
    private final Clock clock;

    EdgeCertificateSet(StoredCertificates store, CertificateSettings settings, DatabaseClient db, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.db = db;
        this.clock = clock;
    }

    Mono<EdgeCertificates> current() {
        Instant now = clock.instant();
        Mono<Map<UUID, List<String>>> verified = store.allVerifiedDomains().collectMultimap(
                pair -> (UUID) pair[0], pair -> (String) pair[1]).map(m -> {
                    Map<UUID, List<String>> out = new HashMap<>();
                    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
                    return out;
                });
        Mono<List<EdgeCertificates.Certificate>> certificates = settings.sealer().isEmpty() ? Mono.just(List.of())
                : verified.flatMap(domains -> store.servable(now).collectList().map(rows -> {
                    List<EdgeCertificates.Certificate> out = new ArrayList<>();
                    for (StoredCertificates.Row row : rows) {
                        List<String> served = NameCoverage.covered(row.names(),
                                domains.getOrDefault(row.serviceId(), List.of()));
                        if (served.isEmpty()) {
                            continue;
                        }
                        try {
                            byte[] pkcs8 = settings.sealer().orElseThrow().open(row.keySealed(), row.id().toString());
                            out.add(new EdgeCertificates.Certificate(row.id().toString(), row.serviceId().toString(),
                                    served, row.chainPem(), PemFiles.keyPem(pkcs8)));
                        } catch (IllegalStateException e) {
                            log.error("certificate {} of service {} not served: {}", row.id(), row.serviceId(),
                                    e.getMessage());
                        }
                    }
                    return out;
                }));
        Mono<List<EdgeCertificates.Challenge>> challenges = db.sql(
                        "SELECT host, token, key_authorization FROM acme_challenges WHERE expires_at > :now ORDER BY host, token")
                .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
                .map((row, meta) -> new EdgeCertificates.Challenge(row.get("host", String.class),
                        row.get("token", String.class), row.get("key_authorization", String.class)))
                .all().collectList();
        return Mono.zip(certificates, challenges, EdgeCertificates::new);
    }

    static byte[] json(EdgeCertificates set) {
        return dev.cdn.config.ConfigCodec.write(set).getBytes(StandardCharsets.UTF_8);
    }
}
