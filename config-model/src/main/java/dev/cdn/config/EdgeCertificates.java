package dev.cdn.config;

import java.util.List;

/**
 * What {@code GET /v1/edge/certificates} answers a node: every certificate it serves by SNI, with its private key,
 * and the ACME HTTP-01 answers it serves at {@code /.well-known/acme-challenge/<token>} (RFC 8555 8.3). The only
 * message of the control channel that carries private keys: it must travel over TLS and is never stored.
 *
 * @param certificates the certificates to serve, each for its {@code names}
 * @param challenges   the HTTP-01 answers to serve
 */
public record EdgeCertificates(List<Certificate> certificates, List<Challenge> challenges) {

    public EdgeCertificates {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        challenges = challenges == null ? List.of() : List.copyOf(challenges);
    }

    /**
     * One certificate to serve.
     *
     * @param id        the control plane's id for it
     * @param names     the host names it is served for (exact, or {@code *.} wildcards of one label)
     * @param chain     PEM certificates, leaf first
     * @param key       the leaf's PKCS#8 PEM private key
     */
    public record Certificate(String id, String serviceId, List<String> names, String chain, String key) {

        /** Never prints the key. */
        @Override
        public String toString() {
            return "Certificate[id=" + id + ", names=" + names + "]";
        }
    }

    /**
     * One HTTP-01 answer: a request for {@code http://<host>/.well-known/acme-challenge/<token>} is answered
     * {@code 200 text/plain} with {@code keyAuthorization}.
     */
    public record Challenge(String host, String token, String keyAuthorization) {
    }
}
