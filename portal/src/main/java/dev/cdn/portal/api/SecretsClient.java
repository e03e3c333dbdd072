package dev.cdn.portal.api;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's calls on a service's secrets: the origin-auth header and the debug token, each shown once. */
@Component
public class SecretsClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    SecretsClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** {@code GET /v1/services/{id}/origin-auth}: the header's name and fingerprint; empty when none is set. */
    public Mono<OriginAuthInfo> originAuth(String token, String serviceId) {
        return api.call("GET /v1/services/{id}/origin-auth", token,
                http.get().uri("/v1/services/{id}/origin-auth", serviceId), OriginAuthInfo.class)
                .onErrorResume(ApiProblemException.class, e -> e.status() == 404 ? Mono.empty() : Mono.error(e));
    }

    /** {@code PUT /v1/services/{id}/origin-auth}: sets or rotates it; a generated value is in this answer only. */
    public Mono<OriginAuthInfo> setOriginAuth(String token, String serviceId, OriginAuthInfo.Request request) {
        return api.call("PUT /v1/services/{id}/origin-auth", token, http.put()
                .uri("/v1/services/{id}/origin-auth", serviceId).bodyValue(request), OriginAuthInfo.class);
    }

    /** {@code DELETE /v1/services/{id}/origin-auth}. */
    public Mono<Void> deleteOriginAuth(String token, String serviceId) {
        return api.call("DELETE /v1/services/{id}/origin-auth", token,
                http.delete().uri("/v1/services/{id}/origin-auth", serviceId));
    }

    /** {@code POST /v1/services/{id}/debug-token}: a new token, shown once; the previous one stops working. */
    public Mono<DebugTokenInfo> newDebugToken(String token, String serviceId) {
        return api.call("POST /v1/services/{id}/debug-token", token,
                http.post().uri("/v1/services/{id}/debug-token", serviceId), DebugTokenInfo.class);
    }

    /** {@code DELETE /v1/services/{id}/debug-token}. */
    public Mono<Void> deleteDebugToken(String token, String serviceId) {
        return api.call("DELETE /v1/services/{id}/debug-token", token,
                http.delete().uri("/v1/services/{id}/debug-token", serviceId));
    }
}
