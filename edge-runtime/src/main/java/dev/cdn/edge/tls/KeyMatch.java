package dev.cdn.edge.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Checks that a private key belongs to a certificate, by signing with one and verifying with the other. A rotation
 * caught half-way (new key, old certificate) is then refused at load instead of failing every handshake.
 */
final class KeyMatch {

    private static final byte[] PROBE = "cdn-edge key match".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private KeyMatch() {
    }

    /** Reads an unencrypted PKCS#8 PEM key and returns it once it is proven to belong to {@code cert}. */
    static PrivateKey readMatching(X509Certificate cert, Path keyFile) throws Exception {
        return readMatching(cert, Files.readString(keyFile));
    }

    /** The same, for PEM text already read. */
    static PrivateKey readMatching(X509Certificate cert, String keyPem) throws Exception {
        PrivateKey key = readPkcs8(keyPem, cert.getPublicKey().getAlgorithm());
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return key; // an unusual key type: the handshake will tell
        }
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(PROBE);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate");
        }
        return key;
    }

    private static PrivateKey readPkcs8(String pem, String algorithm) throws Exception {
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < 0) {
            throw new GeneralSecurityException("the key must be an unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        return KeyFactory.getInstance(algorithm.equals("EdDSA") ? "Ed25519" : algorithm)
                .generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
