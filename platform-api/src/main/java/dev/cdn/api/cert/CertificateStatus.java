package dev.cdn.api.cert;

import java.util.Locale;

/** Where a stored certificate stands for the edges, computed when it is read. */
public enum CertificateStatus {
    /** Valid now and covering at least one verified domain of its service: edges serve it. */
    ACTIVE,
    /** Past its notAfter: edges no longer serve it. */
    EXPIRED,
    /** Valid, but none of the names it covers is a verified domain of the service any more. */
    NOT_SERVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
