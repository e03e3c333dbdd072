package dev.cdn.api.cert;

import java.util.Locale;

/** How a certificate came to the platform. */
public enum CertificateSource {
    /** The tenant uploaded chain and key. */
    UPLOAD,
    /** The platform obtained it from the ACME CA (RFC 8555). */
    ACME;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CertificateSource fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
