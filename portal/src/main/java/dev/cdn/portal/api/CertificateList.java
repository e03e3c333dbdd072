package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/services/{id}/certificates}: the service's certificates (never their keys) and its ACME state.
 *
 * @param acme null until the platform first ordered a certificate for the service
 */
public record CertificateList(List<Certificate> items, Acme acme) {

    public CertificateList {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One certificate; {@code status} is active, expired or not_served. */
    public record Certificate(String id, String serviceId, String source, String status, List<String> names,
                              List<String> served, String fingerprint, Instant notBefore, Instant notAfter,
                              Instant createdAt) {
    }

    /** Where ACME stands for the service; {@code status} is pending, issued or failed. */
    public record Acme(String status, List<String> names, int attempts, String lastError, Instant lastAttemptAt,
                       Instant nextAttemptAt, String certificateId) {
    }

    /** The body of an upload. */
    public record Upload(String chain, String key) {

        @Override
        public String toString() {
            return "Upload[key=(hidden)]";
        }
    }
}
