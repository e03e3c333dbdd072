package dev.cdn.api.cert;

import dev.cdn.api.error.FieldError;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an uploaded certificate chain and private key before anything is stored, naming the field at fault: the
 * chain parses, runs leaf first with each certificate signed by the next (RFC 8446 4.4.2), every certificate is
 * valid now, the key is PKCS#8 and belongs to the leaf, and the leaf's names cover at least one of the service's
 * verified domains. A pure function of its inputs (the clock is passed in).
 */
final class UploadCheck {

    static final int MAX_CHAIN_CHARS = 64 * 1024;
    static final int MAX_CHAIN_CERTIFICATES = 8;
    static final int MAX_KEY_CHARS = 16 * 1024;
    private static final byte[] PROBE = "cdn certificate key match".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A chain and key that passed every check. */
    record Valid(List<X509Certificate> chain, byte[] pkcs8, List<String> names, List<String> covered) {
        X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /** Either {@code valid} or the field errors (never both). */
    record Result(Valid valid, List<FieldError> errors) {
    }

    private UploadCheck() {
    }

    static Result check(String chainPem, String keyPem, List<String> verifiedDomains, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (chainPem == null || chainPem.isBlank()) {
            errors.add(new FieldError("chain", "is required: the PEM certificates, leaf first"));
        } else if (chainPem.length() > MAX_CHAIN_CHARS) {
            errors.add(new FieldError("chain", "must be at most " + MAX_CHAIN_CHARS + " characters"));
        }
        if (keyPem == null || keyPem.isBlank()) {
            errors.add(new FieldError("key", "is required: the leaf's PKCS#8 PEM private key"));
        } else if (keyPem.length() > MAX_KEY_CHARS) {
            errors.add(new FieldError("key", "must be at most " + MAX_KEY_CHARS + " characters"));
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificates(chainPem);
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Result(null, List.of(new FieldError("chain", "does not parse: " + e.getMessage())));
        }
        if (chain.size() > MAX_CHAIN_CERTIFICATES) {
            return new Result(null, List.of(new FieldError("chain", "must hold at most " + MAX_CHAIN_CERTIFICATES
                    + " certificates")));
        }
        chainErrors(chain, now, errors);
        byte[] pkcs8 = null;
        try {
            pkcs8 = PemFiles.pkcs8(keyPem);
            PrivateKey key = PemFiles.privateKey(pkcs8, chain.get(0).getPublicKey().getAlgorithm());
            if (!belongsTo(key, chain.get(0))) {
                errors.add(new FieldError("key", "does not belong to the leaf certificate (chain[0])"));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            errors.add(new FieldError("key", "does not parse as a private key for the leaf's "
                    + chain.get(0).getPublicKey().getAlgorithm() + " public key: " + e.getMessage()));
        }
        List<String> names;
        try {
            names = PemFiles.dnsNames(chain.get(0));
        } catch (GeneralSecurityException e) {
            names = List.of();
        }
        List<String> covered = NameCoverage.covered(names, verifiedDomains);
        if (covered.isEmpty()) {
            errors.add(new FieldError("chain", "the leaf's DNS names " + names + " cover none of the service's"
                    + " verified domains " + verifiedDomains));
        }
        return errors.isEmpty() ? new Result(new Valid(List.copyOf(chain), pkcs8, names, covered), List.of())
                : new Result(null, List.copyOf(errors));
    }

    private static void chainErrors(List<X509Certificate> chain, Instant now, List<FieldError> errors) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String at = "chain[" + i + "]";
            if (!now.isBefore(c.getNotAfter().toInstant())) {
                errors.add(new FieldError("chain", at + " expired at " + c.getNotAfter().toInstant()));
            } else if (now.isBefore(c.getNotBefore().toInstant())) {
                errors.add(new FieldError("chain", at + " is not valid before " + c.getNotBefore().toInstant()));
            }
            if (i + 1 < chain.size()) {
                X509Certificate issuer = chain.get(i + 1);
                boolean signed = c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
                if (signed) {
                    try {
                        c.verify(issuer.getPublicKey());
                    } catch (GeneralSecurityException | RuntimeException e) {
                        signed = false;
                    }
                }
                if (!signed) {
                    errors.add(new FieldError("chain", at + " is not signed by chain[" + (i + 1) + "]: the chain"
                            + " must run from the leaf to its issuers, in order"));
                }
            }
        }
    }

    /** Signs with the key and verifies with the certificate: a mismatch is refused here, not at every handshake. */
    static boolean belongsTo(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(PROBE);
        return verifier.verify(signature);
    }
}
