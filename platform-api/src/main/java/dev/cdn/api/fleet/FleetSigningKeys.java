package dev.cdn.api.fleet;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The Ed25519 keys fleet credentials are signed with, kept in the database so that every replica signs with the
 * same key and a restart keeps the credentials it issued valid. The first replica to need one creates it; replicas
 * that raced to create one each sign with the oldest, and every key is published for verification.
 */
@Component
class FleetSigningKeys {

    /** The key this replica signs with. */
    record SigningKey(String id, PrivateKey privateKey) {
    }

    /** A key as nodes verify with it: its id and its X.509-encoded public half, base64. */
    record PublicKey(String id, String publicKey) {
    }

    private final DatabaseClient db;
    private final Mono<SigningKey> signing;

    FleetSigningKeys(DatabaseClient db) {
        this.db = db;
        this.signing = createIfNone().then(oldest()).cache(k -> java.time.Duration.ofDays(3650),
                e -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
    }

    Mono<SigningKey> signing() {
        return signing;
    }

    Mono<List<PublicKey>> published() {
        return createIfNone().thenMany(db.sql("SELECT id, public_key FROM fleet_signing_keys ORDER BY created_at, id")
                .map((row, meta) -> new PublicKey(row.get("id", String.class),
                        Base64.getEncoder().encodeToString(bytes(row.get("public_key"))))).all()).collectList();
    }

    private Mono<Void> createIfNone() {
        return db.sql("SELECT count(*) AS n FROM fleet_signing_keys").map((row, meta) -> row.get("n", Long.class)).one()
                .flatMap(n -> n > 0 ? Mono.<Void>empty() : Mono.fromCallable(FleetSigningKeys::generate)
                        .flatMap(pair -> db.sql("""
                                        INSERT INTO fleet_signing_keys (id, private_key, public_key)
                                        VALUES (:id, :private, :public) ON CONFLICT DO NOTHING""")
                                .bind("id", UUID.randomUUID().toString().substring(0, 8))
                                .bind("private", pair.getPrivate().getEncoded())
                                .bind("public", pair.getPublic().getEncoded()).then()));
    }

    private Mono<SigningKey> oldest() {
        return db.sql("SELECT id, private_key FROM fleet_signing_keys ORDER BY created_at, id LIMIT 1")
                .map((row, meta) -> new SigningKey(row.get("id", String.class), privateKey(bytes(row.get("private_key")))))
                .one();
    }

    private static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a fleet signing key in the database cannot be read", e);
        }
    }

    private static byte[] bytes(Object column) {
        if (column instanceof java.nio.ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }
        return (byte[]) column;
    }
}
