package dev.cdn.api.protect;

import dev.cdn.config.Protection;
import dev.cdn.config.SignedUrls;
import dev.cdn.config.SigningKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What a protection sent to the API means for keys it holds without a secret: the key of that id already stored
 * stays as it is. The API never shows a secret, so a client that read the protection and sends it back (with one
 * rate changed, or a second key added for rotation) could not send the secrets again.
 */
public final class StoredSecrets {

    private StoredSecrets() {
    }

    /** {@code sent} with every secret-less key filled in from {@code stored}; unknown ids stay secret-less. */
    public static Protection keep(Protection sent, Protection stored) {
        if (sent == null) {
            return Protection.NONE;
        }
        SignedUrls urls = sent.signedUrls();
        if (urls == null || stored == null || stored.signedUrls() == null) {
            return sent;
        }
        List<SigningKey> keys = new ArrayList<>();
        for (SigningKey k : urls.keys()) {
            keys.add(k == null || k.secret() != null ? k : storedOrSame(k, stored.signedUrls().keys()));
        }
        return sent.withSignedUrls(new SignedUrls(urls.parameter(), urls.cookie(), urls.paths(), keys));
    }

    private static SigningKey storedOrSame(SigningKey sent, List<SigningKey> stored) {
        for (SigningKey s : stored) {
            if (s != null && s.id() != null && s.id().equals(sent.id())) {
                return s;
            }
        }
        return sent;
    }
}
