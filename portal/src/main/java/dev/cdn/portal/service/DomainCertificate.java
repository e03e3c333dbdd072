package dev.cdn.portal.service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.cdn.portal.api.CertificateList;

/**
 * One verified domain's HTTPS certificate, for the go-live card: its {@link CertificateState}, where the certificate
 * came from, when it expires, and a sentence in plain words (the ACME error included). A pure function of the
 * certificates API's answer ({@code GET /v1/services/{id}/certificates}, docs/certificates.md).
 *
 * @param source {@code upload} or {@code acme}, for an issued or expired certificate; else null
 * @param expires the certificate's {@code notAfter}, for an issued or expired certificate; else null
 */
public record DomainCertificate(String domain, CertificateState state, String source, Instant expires,
        String detail) {

    /** Each domain's state; {@code list} null means the platform did not answer (every domain {@code UNKNOWN}). */
    static List<DomainCertificate> of(List<String> verifiedDomains, CertificateList list) {
        return verifiedDomains.stream().map(domain -> of(domain, list)).toList();
    }

    static DomainCertificate of(String domain, CertificateList list) {
        if (list == null) {
            return new DomainCertificate(domain, CertificateState.UNKNOWN, null, null,
                    "The certificate state could not be read just now.");
        }
        Optional<CertificateList.Certificate> served = list.items().stream()
                .filter(c -> "active".equals(c.status()) && c.served() != null && c.served().contains(domain))
                .max(Comparator.comparing(CertificateList.Certificate::notAfter));
        if (served.isPresent()) {
            CertificateList.Certificate c = served.get();
            return new DomainCertificate(domain, CertificateState.ISSUED, c.source(), c.notAfter(),
                    ("acme".equals(c.source()) ? "Obtained by the platform" : "Uploaded") + "; the edges serve it.");
        }
        CertificateList.Acme acme = list.acme();
        if (acme != null && acme.names() != null && acme.names().contains(domain)) {
            String next = acme.nextAttemptAt() == null ? "" : " Next attempt: " + acme.nextAttemptAt() + ".";
            if ("pending".equals(acme.status())) {
                return new DomainCertificate(domain, CertificateState.PENDING, null, null,
                        "The platform is obtaining one from the certificate authority." + next);
            }
            if ("failed".equals(acme.status())) {
                String why = acme.lastError() == null ? "no reason was given" : acme.lastError();
                return new DomainCertificate(domain, CertificateState.FAILED, null, null,
                        "The last attempt to obtain one failed: " + why + "." + next);
            }
        }
        Optional<CertificateList.Certificate> expired = list.items().stream()
                .filter(c -> "expired".equals(c.status()) && covers(c.names(), domain))
                .max(Comparator.comparing(CertificateList.Certificate::notAfter));
        if (expired.isPresent()) {
            return new DomainCertificate(domain, CertificateState.EXPIRED, expired.get().source(),
                    expired.get().notAfter(), "Its certificate has expired: upload a new one.");
        }
        return new DomainCertificate(domain, CertificateState.NONE, null, null,
                "No certificate yet: HTTPS visitors get the edge's default certificate. Upload one.");
    }

    /** An exact name, or a {@code *.} wildcard of exactly one more label (RFC 6125 section 6.4.3). */
    private static boolean covers(List<String> names, String domain) {
        if (names == null) {
            return false;
        }
        int dot = domain.indexOf('.');
        return names.contains(domain) || dot > 0 && names.contains("*" + domain.substring(dot));
    }

    /** The state as the card's badge says it. */
    public String label() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
