package dev.cdn.portal.api;

import java.util.Map;
import java.util.stream.Stream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's views of a service's traffic as it happens: one URL traced through the nodes, the live log. */
@Component
public class LiveTrafficClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    LiveTrafficClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** Traces one URL of a service through every connected node (the URL debugger). */
    public Mono<UrlTrace> debugUrl(String token, String serviceId, String url) {
        return api.call("GET /v1/services/{id}/debug", token, http.get().uri(b -> b.path("/v1/services/{id}/debug")
                .queryParam("url", "{url}")
                .build(serviceId, url)), UrlTrace.class);
    }

    /**
     * A service's live access records as the API streams them (NDJSON), passed through chunk by chunk; no deadline,
     * since the stream lasts until the reader leaves. {@code filters} are the API's query parameters.
     */
    public Flux<DataBuffer> liveLogs(String token, String serviceId, Map<String, String> filters) {
        return api.stream("GET /v1/services/{id}/logs/live", token, http.get().uri(b -> {
            b.path("/v1/services/{id}/logs/live");
            filters.forEach((name, value) -> b.queryParam(name, "{" + name + "}"));
            return b.build(Stream.concat(Stream.of(serviceId), filters.values().stream()).toArray());
        }));
    }
}
