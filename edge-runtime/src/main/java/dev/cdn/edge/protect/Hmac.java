package dev.cdn.edge.protect;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (RFC 2104) with one key, initialised once when the config is compiled; each use clones the
 * initialised prototype, which is cheap and shares nothing between threads.
 */
final class Hmac {

    private final Mac prototype;

    private Hmac(Mac prototype) {
        this.prototype = prototype;
    }

    static Hmac of(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return new Hmac(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    byte[] sign(byte[] message) {
        try {
            return ((Mac) prototype.clone()).doFinal(message);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 is cloneable", e);
        }
    }

    /** Compares in time independent of where the first difference is, so timing reveals nothing of the MAC. */
    boolean verify(byte[] message, byte[] signature) {
        return MessageDigest.isEqual(sign(message), signature);
    }
}
