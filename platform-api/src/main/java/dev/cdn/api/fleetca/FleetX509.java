package dev.cdn.api.fleetca;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds the fleet CA's certificates (RFC 5280): a self-signed ECDSA P-256 authority, and server certificates it
 * signs for shields. Every TLS stack edges may run speaks ECDSA P-256 with SHA-256; Ed25519 certificates are not
 * widely accepted in TLS handshakes. Pure functions of their arguments apart from the random serial numbers.
 */
final class FleetX509 {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FleetX509() {
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make ECDSA P-256 keys", e);
        }
    }

    /** A self-signed CA certificate, limited to issuing end-entity certificates (path length 0). */
    static X509Certificate authority(String id, KeyPair pair, Instant notBefore, Instant notAfter) {
        X500Name name = new X500Name("CN=CDN fleet CA " + id);
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                    Date.from(notAfter), name, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return sign(b, pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the fleet CA certificate", e);
        }
    }

    /**
     * A server certificate for {@code names} (each a DNS name or an IP address literal, already checked by
     * {@link ShieldNames}), usable only for TLS server authentication (RFC 5280 4.2.1.12).
     */
    static X509Certificate shield(X509Certificate caCert, PrivateKey caKey, PublicKey subject, String node,
                                  List<ShieldNames.Name> names, Instant notBefore, Instant notAfter) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + cnSafe(node)), subject);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            GeneralName[] sans = names.stream().map(n -> new GeneralName(
                    n.ip() ? GeneralName.iPAddress : GeneralName.dNSName, n.value())).toArray(GeneralName[]::new);
            // The names live in the subjectAltName alone (RFC 6125 6.4.4: a client checks them, not the CN).
            b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(sans));
            return sign(b, caKey);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a shield certificate", e);
        }
    }

    static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a fleet CA certificate in the database cannot be read", e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    /** 128 random bits, positive (RFC 5280 4.1.2.2: at most 20 octets, unpredictable). */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static String cnSafe(String node) {
        return node == null ? "shield" : node.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
