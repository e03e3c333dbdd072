package dev.cdn.edge.local;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Sends requests to a request path in-process: the path answers exactly as it would a client on its listener (same
 * routing, rule, key, Vary, lookup, coalescing, fill and purge), and the caller gets the answer without any bytes
 * crossing a socket or an HTTP codec.
 */
public final class LocalExchange {

    private final BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> path;

    public LocalExchange(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> path) {
        this.path = path;
    }

    /**
     * Sends a bodiless request.
     *
     * @param uri the origin-form target (path and query)
     * @param scheme "http" or "https", as the client reached the edge: it is part of the cache key
     * @param headers the request's headers, Host included; owned by the request from here on
     * @param client the client this request is made for, named to the origin in X-Forwarded-For (null: unknown)
     * @param local the node's address the client reached (null: unknown)
     * @return the answer; cancelling it before it arrives cancels the request
     */
    public Mono<LocalAnswer> send(HttpMethod method, String uri, String scheme, HttpHeaders headers,
                                  InetSocketAddress client, InetSocketAddress local) {
        return Mono.defer(() -> {
            LocalRequest request = new LocalRequest(method, uri, scheme, headers, client, local);
            LocalResponse response = new LocalResponse(request);
            Disposable run = Mono.from(path.apply(request, response))
                    .subscribe(null, response::failed, response::ended);
            return response.answer().doOnCancel(run::dispose);
        });
    }
}
