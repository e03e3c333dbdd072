package dev.cdn.api.cert;

import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's settings for certificates: {@code cdn.certs.encryption-key} ({@code CDN_CERTS_ENCRYPTION_KEY}, 32
 * random bytes in base64) seals private keys at rest. Without it certificates are off: uploads are refused with a
 * problem naming the setting and no ACME order is placed. A malformed key stops the start-up.
 */
@Component
public class CertificateSettings {

    private final KeySealer sealer;

    CertificateSettings(@Value("${cdn.certs.encryption-key:}") String encryptionKey) {
        this.sealer = encryptionKey.isBlank() ? null : new KeySealer(encryptionKey);
    }

    /** The sealer, when the operator configured a key. */
    public Optional<KeySealer> sealer() {
        return Optional.ofNullable(sealer);
    }
}
