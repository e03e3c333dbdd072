package dev.cdn.testsupport;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throwaway certificate authorities and the chains they issue, as PEM text, for tests of TLS and uploads. */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate, its key, and its chain from itself up to (and including) its root. */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {

        /** The chain as PEM, leaf first. */
        public String chainPem() {
            StringBuilder out = new StringBuilder();
            for (X509Certificate c : chain) {
                try {
                    out.append(pem("CERTIFICATE", c.getEncoded()));
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out.toString();
        }

        /** The key as unencrypted PKCS#8 PEM. */
        public String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }
    }

    private TestPki() {
    }

    /** A self-signed CA valid from an hour ago for a year. */
    public static Issued authority(String name) {
        KeyPair pair = ecKey();
        Instant now = Instant.now();
        X509Certificate cert = build(new X500Name("CN=" + name), pair, new X500Name("CN=" + name), pair.getPrivate(),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), true, new String[0]);
        return new Issued(cert, pair.getPrivate(), List.of(cert));
    }

    /** A leaf for these DNS names issued by {@code issuer}, valid from an hour ago for {@code validFor}. */
    public static Issued leaf(Issued issuer, Duration validFor, String... dnsNames) {
        Instant now = Instant.now();
        return leaf(issuer, now.minus(Duration.ofHours(1)), now.plus(validFor), dnsNames);
    }

    public static Issued leaf(Issued issuer, Instant notBefore, Instant notAfter, String... dnsNames) {
        KeyPair pair = ecKey();
        X509Certificate cert = build(new X500Name("CN=" + dnsNames[0]), pair,
                new X500Name(issuer.certificate().getSubjectX500Principal().getName()), issuer.key(), notBefore,
                notAfter, false, dnsNames);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(issuer.chain());
        return new Issued(cert, pair.getPrivate(), List.copyOf(chain));
    }

    private static X509Certificate build(X500Name subject, KeyPair pair, X500Name issuer, PrivateKey signer,
                                         Instant notBefore, Instant notAfter, boolean ca, String[] dnsNames) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (dnsNames.length > 0) {
                GeneralName[] names = new GeneralName[dnsNames.length];
                for (int i = 0; i < dnsNames.length; i++) {
                    names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(256);
            return gen.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
