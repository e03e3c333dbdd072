package dev.cdn.portal.api;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's calls on services as a whole: list, create, read, delete, and where a rollout stands. */
@Component
public class ServicesClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    ServicesClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** {@code GET /v1/services}: the tenant's services; an expired token is {@link ApiUnauthorizedException}. */
    public Mono<List<ServiceSummary>> listServices(String token) {
        return api.send("GET /v1/services", http.get().uri("/v1/services").headers(h -> h.setBearerAuth(token)),
                ServicePage.class).map(ServicePage::items);
    }

    /** {@code POST /v1/services}: creates a service whose version 1 is a draft. */
    public Mono<ServiceSummary> createService(String token, NewService service) {
        return api.call("POST /v1/services", token, http.post().uri("/v1/services").bodyValue(service),
                ServiceSummary.class);
    }

    /** {@code GET /v1/services/{id}}: another tenant's service is a 404 {@link ApiProblemException}. */
    public Mono<ServiceSummary> getService(String token, String serviceId) {
        return api.call("GET /v1/services/{id}", token, http.get().uri("/v1/services/{id}", serviceId),
                ServiceSummary.class);
    }

    /** {@code DELETE /v1/services/{id}}: edges stop serving the service; its domains are free to claim again. */
    public Mono<Void> deleteService(String token, String serviceId) {
        return api.call("DELETE /v1/services/{id}", token, http.delete().uri("/v1/services/{id}", serviceId));
    }

    /** {@code GET /v1/services/{id}/rollout}: which version each edge runs. */
    public Mono<Rollout> rollout(String token, String serviceId) {
        return api.call("GET /v1/services/{id}/rollout", token, http.get().uri("/v1/services/{id}/rollout", serviceId),
                Rollout.class);
    }
}
