package dev.cdn.api.cert;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The platform's ACME account key, one per CA directory: made (EC P-256) the first time it is needed, stored sealed
 * like certificate keys, and shared by every replica (the first to store it wins; the others read that one).
 */
@Component
class AcmeAccountKey {

    private final DatabaseClient db;
    private final CertificateSettings settings;

    AcmeAccountKey(DatabaseClient db, CertificateSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    Mono<KeyPair> forDirectory(String directoryUrl) {
        KeySealer sealer = settings.sealer().orElseThrow();
        Mono<KeyPair> stored = db.sql("SELECT key_sealed FROM acme_accounts WHERE directory_url = :url")
                .bind("url", directoryUrl).map((row, meta) -> bytes(row.get("key_sealed", ByteBuffer.class))).one()
                .map(sealed -> decode(sealer.open(sealed, directoryUrl)));
        return stored.switchIfEmpty(Mono.defer(() -> db.sql("""
                        INSERT INTO acme_accounts (directory_url, key_sealed) VALUES (:url, :key)
                        ON CONFLICT (directory_url) DO NOTHING""")
                .bind("url", directoryUrl).bind("key", ByteBuffer.wrap(sealer.seal(encode(generate()), directoryUrl)))
                .then().then(stored)));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code length of the private key || PKCS#8 private key || X.509 public key}. */
    private static byte[] encode(KeyPair pair) {
        byte[] priv = pair.getPrivate().getEncoded();
        byte[] pub = pair.getPublic().getEncoded();
        return ByteBuffer.allocate(4 + priv.length + pub.length).putInt(priv.length).put(priv).put(pub).array();
    }

    private static KeyPair decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] priv = new byte[in.getInt()];
        in.get(priv);
        byte[] pub = new byte[in.remaining()];
        in.get(pub);
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            return new KeyPair(ec.generatePublic(new X509EncodedKeySpec(pub)),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(priv)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored ACME account key does not decode", e);
        }
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
