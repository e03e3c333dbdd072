package dev.cdn.api.fleetca;

import dev.cdn.api.cert.CertificateSettings;
import dev.cdn.api.cert.KeySealer;
import dev.cdn.api.error.ApiException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The fleet's private CA, kept in {@code fleet_ca}: created on first need, its private key sealed with the operator
 * key ({@link KeySealer}, bound to the row id). Rotation-ready: a CA within {@link #ROTATE_BEFORE} of its end gets a
 * successor on the next need; every CA still valid is published and the newest signs, so edges trust the successor
 * before any shield presents a certificate from it. Replicas that race to create one each add a row: both are
 * published, the newest signs, nothing breaks.
 */
@Component
class FleetAuthority {

    static final Duration CA_LIFETIME = Duration.ofDays(5 * 365);
    static final Duration ROTATE_BEFORE = Duration.ofDays(365);

    /** The signing CA: its certificate and (opened) private key. */
    record Signing(X509Certificate certificate, PrivateKey key) {
    }

    private final DatabaseClient db;
    private final CertificateSettings settings;
    private final Clock clock;

    FleetAuthority(DatabaseClient db, CertificateSettings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /** Every CA certificate still valid, oldest first; creates the first CA when the operator key allows. */
    Mono<List<X509Certificate>> published() {
        Mono<Void> ensured = settings.sealer().isPresent() ? ensure() : Mono.empty();
        return ensured.thenMany(db.sql("SELECT certificate FROM fleet_ca WHERE not_after > :now ORDER BY created_at, id")
                        .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                        .map((row, meta) -> FleetX509.parse(row.get("certificate", String.class))).all())
                .collectList();
    }

    /** The newest CA, opened; a 409 problem naming the setting when no operator key is configured. */
    Mono<Signing> signing() {
        KeySealer sealer = sealer();
        return ensure().then(db.sql("SELECT id, certificate, sealed_key FROM fleet_ca ORDER BY created_at DESC, id DESC LIMIT 1")
                .map((row, meta) -> new Object[] {row.get("id", String.class), row.get("certificate", String.class),
                        row.get("sealed_key", byte[].class)}).one())
                .publishOn(Schedulers.parallel())
                .map(r -> new Signing(FleetX509.parse((String) r[1]),
                        privateKey(sealer.open((byte[]) r[2], "fleet-ca:" + r[0]))));
    }

    private Mono<Void> ensure() {
        Instant now = clock.instant();
        return db.sql("SELECT count(*) AS n FROM fleet_ca WHERE not_after > :cutoff")
                .bind("cutoff", now.plus(ROTATE_BEFORE).atOffset(ZoneOffset.UTC))
                .map((row, meta) -> row.get("n", Long.class)).one()
                .flatMap(n -> n > 0 ? Mono.<Void>empty() : create(now));
    }

    private Mono<Void> create(Instant now) {
        KeySealer sealer = sealer();
        String id = UUID.randomUUID().toString().substring(0, 8);
        return Mono.fromCallable(() -> {
                    KeyPair pair = FleetX509.newKeyPair();
                    // Valid from a little before now: nodes whose clocks run behind still accept it.
                    Instant from = now.minus(Duration.ofHours(1));
                    X509Certificate cert = FleetX509.authority(id, pair, from, now.plus(CA_LIFETIME));
                    return new Object[] {cert, sealer.seal(pair.getPrivate().getEncoded(), "fleet-ca:" + id)};
                }).subscribeOn(Schedulers.parallel())
                .flatMap(made -> db.sql("""
                                INSERT INTO fleet_ca (id, certificate, sealed_key, not_after)
                                VALUES (:id, :certificate, :sealed, :notAfter)""")
                        .bind("id", id).bind("certificate", FleetX509.pem((X509Certificate) made[0]))
                        .bind("sealed", made[1])
                        .bind("notAfter", ((X509Certificate) made[0]).getNotAfter().toInstant().atOffset(ZoneOffset.UTC))
                        .then());
    }

    private KeySealer sealer() {
        return settings.sealer().orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "Fleet CA unavailable",
                "the fleet CA needs the operator key cdn.certs.encryption-key (CDN_CERTS_ENCRYPTION_KEY) to seal its"
                        + " private key", List.of()));
    }

    private static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the fleet CA's key cannot be read", e);
        }
    }
}
