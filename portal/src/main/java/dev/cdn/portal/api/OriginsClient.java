package dev.cdn.portal.api;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.cdn.config.Origin;

import static dev.cdn.portal.api.VersionsClient.VERSION;

/** platform-api's calls on origins: a draft's origins, their health as the edges report it, a test fetch. */
@Component
public class OriginsClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    OriginsClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    public Mono<ServiceVersion> addOrigin(String token, String serviceId, int number, Origin origin) {
        return api.call("POST .../origins", token,
                http.post().uri(VERSION + "/origins", serviceId, number).bodyValue(origin), ServiceVersion.class);
    }

    public Mono<ServiceVersion> replaceOrigin(String token, String serviceId, int number, String name, Origin origin) {
        return api.call("PUT .../origins/{name}", token,
                http.put().uri(VERSION + "/origins/{name}", serviceId, number, name).bodyValue(origin),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> removeOrigin(String token, String serviceId, int number, String name) {
        return api.call("DELETE .../origins/{name}", token,
                http.delete().uri(VERSION + "/origins/{name}", serviceId, number, name), ServiceVersion.class);
    }

    /** {@code GET /v1/services/{id}/origins/health}: each origin's health as the edges report it. */
    public Mono<OriginHealthReport> originHealth(String token, String serviceId) {
        return api.call("GET /v1/services/{id}/origins/health", token,
                http.get().uri("/v1/services/{id}/origins/health", serviceId), OriginHealthReport.class);
    }

    /** {@code POST /v1/origin-tests}: fetches an origin once under the platform's SSRF rule; 400 names {@code host}. */
    public Mono<OriginTest> testOrigin(String token, OriginTest.Request request) {
        return api.call("POST /v1/origin-tests", token, http.post().uri("/v1/origin-tests").bodyValue(request),
                OriginTest.class);
    }
}
