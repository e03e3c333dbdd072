package dev.cdn.portal.api;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.cdn.portal.api.VersionsClient.VERSION;

/** platform-api's calls on a service's domains (a draft's names and their ownership) and its certificates. */
@Component
public class DomainsClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    DomainsClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** {@code GET /v1/services/{id}/domains}: each claim's ownership state and what proves it. */
    public Mono<List<DomainClaim>> listDomains(String token, String serviceId) {
        return api.call("GET /v1/services/{id}/domains", token, http.get().uri("/v1/services/{id}/domains", serviceId),
                new ParameterizedTypeReference<Items<DomainClaim>>() { }).map(Items::items);
    }

    /** {@code POST /v1/services/{id}/domains/{name}/check}: checks ownership now. */
    public Mono<DomainClaim> checkDomain(String token, String serviceId, String domain) {
        return api.call("POST /v1/services/{id}/domains/{name}/check", token,
                http.post().uri("/v1/services/{id}/domains/{name}/check", serviceId, domain), DomainClaim.class);
    }

    public Mono<ServiceVersion> addDomain(String token, String serviceId, int number, String domain) {
        return api.call("POST .../domains", token,
                http.post().uri(VERSION + "/domains", serviceId, number).bodyValue(Map.of("name", domain)),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> removeDomain(String token, String serviceId, int number, String domain) {
        return api.call("DELETE .../domains/{name}", token,
                http.delete().uri(VERSION + "/domains/{name}", serviceId, number, domain), ServiceVersion.class);
    }

    /** {@code GET /v1/services/{id}/certificates}: the certificates, their status and expiry, and the ACME state. */
    public Mono<CertificateList> certificates(String token, String serviceId) {
        return api.call("GET /v1/services/{id}/certificates", token,
                http.get().uri("/v1/services/{id}/certificates", serviceId), CertificateList.class);
    }

    /** {@code POST /v1/services/{id}/certificates}: uploads a PEM chain and its key (checked whole by the API). */
    public Mono<CertificateList.Certificate> uploadCertificate(String token, String serviceId,
            CertificateList.Upload upload) {
        return api.call("POST /v1/services/{id}/certificates", token, http.post()
                .uri("/v1/services/{id}/certificates", serviceId).bodyValue(upload), CertificateList.Certificate.class);
    }

    /** {@code DELETE /v1/services/{id}/certificates/{certificateId}}: edges stop serving it. */
    public Mono<Void> deleteCertificate(String token, String serviceId, String certificateId) {
        return api.call("DELETE /v1/services/{id}/certificates/{certificateId}", token, http.delete()
                .uri("/v1/services/{id}/certificates/{certificateId}", serviceId, certificateId));
    }
}
