package dev.cdn.portal.service;

/** Where a domain stands for HTTPS, as the go-live card says it. */
public enum CertificateState {
    /** A certificate that covers the domain is valid and served by the edges. */
    ISSUED,
    /** The platform is obtaining one through ACME. */
    PENDING,
    /** The platform's last ACME attempt for it failed; it tries again later. */
    FAILED,
    /** The only certificate that covered it has expired. */
    EXPIRED,
    /** No certificate covers it and none is being obtained. */
    NONE,
    /** The platform did not say (the certificates call failed or was refused). */
    UNKNOWN
}
