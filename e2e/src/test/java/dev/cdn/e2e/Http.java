package dev.cdn.e2e;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small blocking HTTP client for the test thread: JSON to the API, and requests with any Host to an edge. */
final class Http {

    record Response(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            return JsonMapper.shared().readTree(body);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final int apiPort;
    private final HttpClient client = HttpClient.create().responseTimeout(TIMEOUT);

    Http(int apiPort) {
        this.apiPort = apiPort;
    }

    Response post(String path, String bearer, Object body) {
        String json = body == null ? "" : JsonMapper.shared().writeValueAsString(body);
        return client.headers(h -> {
                    h.set("Content-Type", "application/json");
                    if (bearer != null) {
                        h.set("Authorization", "Bearer " + bearer);
                    }
                })
                .post().uri("http://127.0.0.1:" + apiPort + path)
                .send(ByteBufFlux.fromString(Mono.just(json)))
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(b -> new Response(res.status().code(), res.responseHeaders(), b)))
                .block(TIMEOUT);
    }

    Response put(String path, String bearer, Object body) {
        String json = body == null ? "" : JsonMapper.shared().writeValueAsString(body);
        return client.headers(h -> {
                    h.set("Content-Type", "application/json");
                    h.set("Authorization", "Bearer " + bearer);
                })
                .put().uri("http://127.0.0.1:" + apiPort + path)
                .send(ByteBufFlux.fromString(Mono.just(json)))
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(b -> new Response(res.status().code(), res.responseHeaders(), b)))
                .block(TIMEOUT);
    }

    /** A JSON PUT under {@code If-Match}. */
    Response put(String path, String bearer, String ifMatch, Object body) {
        String json = JsonMapper.shared().writeValueAsString(body);
        return client.headers(h -> h.set("Content-Type", "application/json").set("Authorization", "Bearer " + bearer)
                        .set("If-Match", ifMatch))
                .put().uri("http://127.0.0.1:" + apiPort + path)
                .send(ByteBufFlux.fromString(Mono.just(json)))
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(b -> new Response(res.status().code(), res.responseHeaders(), b)))
                .block(TIMEOUT);
    }

    Response get(String path, String bearer) {
        return client.headers(h -> h.set("Authorization", "Bearer " + bearer))
                .get().uri("http://127.0.0.1:" + apiPort + path)
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(b -> new Response(res.status().code(), res.responseHeaders(), b)))
                .block(TIMEOUT);
    }

    Response delete(String path, String bearer) {
        return client.headers(h -> h.set("Authorization", "Bearer " + bearer))
                .delete().uri("http://127.0.0.1:" + apiPort + path)
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(b -> new Response(res.status().code(), res.responseHeaders(), b)))
                .block(TIMEOUT);
    }

    Response viaEdge(int edgePort, String host, String path) {
        return viaEdge(edgePort, host, path, Map.of());
    }

    /** A GET to a node with these extra request fields. */
    Response viaEdge(int edgePort, String host, String path, Map<String, String> fields) {
        return client.headers(h -> {
                    h.set("Host", host);
                    fields.forEach(h::set);
                })
                .get().uri("http://127.0.0.1:" + edgePort + path)
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(b -> new Response(res.status().code(), res.responseHeaders(), b)))
                .block(TIMEOUT);
    }
}
