package dev.cdn.portal.api;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's purge calls: issue one, follow it edge by edge, list a service's latest. */
@Component
public class PurgesClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    PurgesClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    public Mono<Purge> purge(String token, String serviceId, PurgeRequest request) {
        return api.call("POST /v1/services/{id}/purge", token,
                http.post().uri("/v1/services/{id}/purge", serviceId).bodyValue(request), Purge.class);
    }

    /** {@code GET /v1/services/{id}/purges}: the service's latest purges, newest first, each with its edges. */
    public Mono<List<Purge>> listPurges(String token, String serviceId, int limit) {
        return api.call("GET /v1/services/{id}/purges", token, http.get().uri(b -> b.path("/v1/services/{id}/purges")
                .queryParam("limit", limit).build(serviceId)),
                new ParameterizedTypeReference<Items<Purge>>() { }).map(Items::items);
    }

    public Mono<Purge> getPurge(String token, String purgeId) {
        return api.call("GET /v1/purges/{id}", token, http.get().uri("/v1/purges/{id}", purgeId), Purge.class);
    }
}
