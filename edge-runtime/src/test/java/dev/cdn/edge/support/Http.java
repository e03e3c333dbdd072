package dev.cdn.edge.support;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** A small blocking HTTP client for tests (called from the test thread, never from an event loop). */
public final class Http {

    /** A received response. */
    public record Response(int status, HttpHeaders headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private static final HttpClient CLIENT = HttpClient.create().responseTimeout(Duration.ofSeconds(10));

    private Http() {
    }

    /**
     * Streams a GET's body into {@code into} as it arrives (and its headers into {@code headers}), so a test can
     * see how much came before the origin finished.
     */
    public static java.util.concurrent.CompletableFuture<Void> stream(int port, String host, String path,
            StringBuffer into, java.util.concurrent.atomic.AtomicReference<HttpHeaders> headers) {
        return HttpClient.create().headers(h -> h.set("Host", host))
                .doOnResponse((r, c) -> headers.set(r.responseHeaders())).get()
                .uri("http://127.0.0.1:" + port + path)
                .responseContent().asString(StandardCharsets.UTF_8)
                .doOnNext(into::append).then().toFuture();
    }

    public static Response get(int port, String host, String path, String... headerPairs) {
        return request(HttpMethod.GET, port, host, path, null, headerPairs);
    }

    public static Mono<Response> getAsync(int port, String host, String path, String... headerPairs) {
        return requestAsync(HttpMethod.GET, port, host, path, null, headerPairs);
    }

    public static Response request(HttpMethod method, int port, String host, String path, String body, String... headerPairs) {
        return requestAsync(method, port, host, path, body, headerPairs).block(Duration.ofSeconds(15));
    }

    public static Mono<Response> requestAsync(HttpMethod method, int port, String host, String path, String body,
                                              String... headerPairs) {
        HttpClient c = CLIENT.headers(h -> {
            h.set("Host", host);
            for (int i = 0; i < headerPairs.length; i += 2) {
                h.add(headerPairs[i], headerPairs[i + 1]);
            }
        });
        HttpClient.RequestSender sender = c.request(method).uri("http://127.0.0.1:" + port + path);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                : sender.send(reactor.netty.ByteBufFlux.fromString(Mono.just(body)));
        return receiver.responseSingle((resp, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .map(s -> new Response(resp.status().code(), resp.responseHeaders(), s)));
    }
}
