package dev.cdn.api.cert;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Reads and writes the PEM text (RFC 7468) of certificate chains and PKCS#8 private keys. */
public final class PemFiles {

    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private PemFiles() {
    }

    /** The certificates of a PEM text, in the order given; throws when there is none or one does not parse. */
    public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new GeneralSecurityException("no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The DER bytes of an unencrypted PKCS#8 PEM key. */
    public static byte[] pkcs8(String pem) throws GeneralSecurityException {
        int begin = pem.indexOf(KEY_BEGIN);
        int end = pem.indexOf(KEY_END);
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException("must be an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----;"
                    + " convert with `openssl pkcs8 -topk8 -nocrypt`)");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(begin + KEY_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the PEM key is not valid base64");
        }
    }

    /** The private key of PKCS#8 bytes, for the algorithm of the certificate it must match. */
    public static PrivateKey privateKey(byte[] pkcs8, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm.equals("EdDSA") ? "Ed25519" : algorithm)
                .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    public static String keyPem(byte[] pkcs8) {
        return KEY_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pkcs8) + "\n" + KEY_END + "\n";
    }

    public static String certificatePem(List<X509Certificate> chain) {
        StringBuilder out = new StringBuilder();
        var encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate c : chain) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    /** SHA-256 of the certificate's DER encoding, lower-case hex: the fingerprint browsers show. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leaf's subjectAltName DNS names, lower case (RFC 6125 6.4.4: the CN is not consulted). */
    public static List<String> dnsNames(X509Certificate leaf) throws GeneralSecurityException {
        List<String> names = new ArrayList<>();
        if (leaf.getSubjectAlternativeNames() != null) {
            for (List<?> san : leaf.getSubjectAlternativeNames()) {
                if (Integer.valueOf(2).equals(san.get(0))) {
                    names.add(san.get(1).toString().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return names;
    }
}
