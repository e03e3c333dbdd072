package dev.cdn.api.fleetca;

import dev.cdn.api.error.FieldError;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Reads the public key a shield sends: an X.509 SubjectPublicKeyInfo (RFC 5280 4.1.2.7), base64 DER, ECDSA on P-256
 * only, the curve every TLS stack edges may run accepts. The shield keeps the private half in memory.
 */
final class ShieldPublicKey {

    private static final int MAX_BASE64 = 1024;

    private ShieldPublicKey() {
    }

    /** The key, or null with a problem naming {@code publicKey} added to {@code errors}. */
    static PublicKey parse(String base64, List<FieldError> errors) {
        if (base64 == null || base64.isBlank() || base64.length() > MAX_BASE64) {
            errors.add(new FieldError("publicKey", "must be an ECDSA P-256 public key, X.509 SubjectPublicKeyInfo in"
                    + " base64"));
            return null;
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
            if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
                return key;
            }
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            // reported below
        }
        errors.add(new FieldError("publicKey", "must be an ECDSA P-256 public key, X.509 SubjectPublicKeyInfo in"
                + " base64"));
        return null;
    }
}
