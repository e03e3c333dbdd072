package dev.cdn.api.cert;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private keys at rest with the operator key ({@code cdn.certs.encryption-key}, 32 bytes in base64):
 * AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce per seal, stored as {@code nonce || ciphertext+tag}.
 * The record's id is bound as associated data, so a sealed key copied to another row does not open.
 */
public final class KeySealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** @param base64Key the operator key: exactly 32 bytes, base64-encoded */
    public KeySealer(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cdn.certs.encryption-key must be base64: " + e.getMessage());
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("cdn.certs.encryption-key must be 32 bytes (base64 of 32 random bytes,"
                    + " e.g. `openssl rand -base64 32`), not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] seal(byte[] plain, String boundTo) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(boundTo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** Throws when the key is not the one that sealed, or the bytes or their binding were altered. */
    public byte[] open(byte[] sealed, String boundTo) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(boundTo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed private key does not open with cdn.certs.encryption-key"
                    + " (another operator key, or altered data)", e);
        }
    }
}
