package dev.cdn.api.cert;

import java.time.Instant;
import java.util.List;

/**
 * A certificate as the API shows it: never its private key.
 *
 * @param names  the leaf's DNS names
 * @param served the service's verified domains it serves now (empty unless {@code status} is active)
 */
public record CertificateView(String id, String serviceId, String source, String status, List<String> names,
                              List<String> served, String fingerprint, Instant notBefore, Instant notAfter,
                              Instant createdAt) {
}
