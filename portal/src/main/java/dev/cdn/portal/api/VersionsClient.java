package dev.cdn.portal.api;

import java.util.Collections;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's calls on a service's versions: read, activate, clone, note, validate, compare, discard. */
@Component
public class VersionsClient {

    /** The path of one version; shared with the clients that edit a draft's parts. */
    static final String VERSION = "/v1/services/{id}/versions/{n}";

    private final PlatformApiTransport api;
    private final WebClient http;

    VersionsClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    public Mono<List<VersionSummary>> listVersions(String token, String serviceId) {
        return api.call("GET /v1/services/{id}/versions", token,
                http.get().uri("/v1/services/{id}/versions", serviceId),
                new ParameterizedTypeReference<Items<VersionSummary>>() { }).map(Items::items);
    }

    public Mono<ServiceVersion> getVersion(String token, String serviceId, int number) {
        return api.call("GET /v1/services/{id}/versions/{n}", token,
                http.get().uri(VERSION, serviceId, number), ServiceVersion.class);
    }

    public Mono<ServiceVersion> activate(String token, String serviceId, int number) {
        return api.call("POST .../activate", token, http.post().uri(VERSION + "/activate", serviceId, number),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> cloneVersion(String token, String serviceId, int number) {
        return api.call("POST .../clone", token, http.post().uri(VERSION + "/clone", serviceId, number),
                ServiceVersion.class);
    }

    /** {@code POST .../clone} with the new draft's note (null: none). */
    public Mono<ServiceVersion> cloneVersion(String token, String serviceId, int number, String note) {
        return api.call("POST .../clone", token, http.post().uri(VERSION + "/clone", serviceId, number)
                .bodyValue(Collections.singletonMap("note", note)), ServiceVersion.class);
    }

    /** {@code PATCH .../versions/{n}}: a draft's note (null: none), under the rendered ETag. */
    public Mono<ServiceVersion> updateNote(String token, String serviceId, int number, String note) {
        return api.call("PATCH .../versions/{n}", token, http.patch().uri(VERSION, serviceId, number)
                .bodyValue(Collections.singletonMap("note", note)), ServiceVersion.class);
    }

    public Mono<ValidationReport> validate(String token, String serviceId, int number) {
        return api.call("POST .../validate", token, http.post().uri(VERSION + "/validate", serviceId, number),
                ValidationReport.class);
    }

    public Mono<VersionDiff> diff(String token, String serviceId, int from, int to) {
        return api.call("GET .../diff", token, http.get().uri(VERSION + "/diff/{b}", serviceId, from, to),
                VersionDiff.class);
    }

    /** {@code DELETE /v1/services/{id}/versions/{n}}: discards a draft; the active version keeps serving. */
    public Mono<Void> discardDraft(String token, String serviceId, int number) {
        return api.call("DELETE .../versions/{n}", token, http.delete().uri(VERSION, serviceId, number));
    }
}
