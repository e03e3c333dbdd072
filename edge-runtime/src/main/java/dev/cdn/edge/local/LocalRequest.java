package dev.cdn.edge.local;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.multipart.HttpData;
import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerFormDecoderProvider;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A bodiless GET or HEAD made inside the node, as the request path sees a client's: its target, headers, scheme and
 * the address of the client it is made for (so fills name that client in X-Forwarded-For). There is no connection
 * behind it; what would need one is unsupported.
 */
final class LocalRequest implements HttpServerRequest {

    private final HttpMethod method;
    private final String uri;
    private final String scheme;
    private final HttpHeaders headers;
    private final InetSocketAddress client;
    private final InetSocketAddress host;

    /**
     * @param uri the origin-form target: path and query
     * @param scheme "http" or "https": how the client reached the edge, part of the cache key
     * @param client the address of the client this request is made for (null when unknown)
     * @param host the local address the client reached (null when unknown)
     */
    LocalRequest(HttpMethod method, String uri, String scheme, HttpHeaders headers, InetSocketAddress client,
                 InetSocketAddress host) {
        this.method = method;
        this.uri = uri;
        this.scheme = scheme;
        this.headers = headers;
        this.client = client;
        this.host = host;
    }

    @Override
    public HttpHeaders requestHeaders() {
        return headers;
    }

    @Override
    public HttpMethod method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String fullPath() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String connectionScheme() {
        return scheme;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return client;
    }

    @Override
    public InetSocketAddress connectionRemoteAddress() {
        return client;
    }

    @Override
    public InetSocketAddress hostAddress() {
        return host;
    }

    @Override
    public InetSocketAddress connectionHostAddress() {
        return host;
    }

    @Override
    public String hostName() {
        return host == null ? null : host.getHostString();
    }

    @Override
    public int hostPort() {
        return host == null ? -1 : host.getPort();
    }

    @Override
    public ByteBufFlux receive() {
        return ByteBufFlux.fromInbound(Flux.empty());
    }

    @Override
    public Flux<?> receiveObject() {
        return Flux.empty();
    }

    @Override
    public HttpVersion version() {
        return HttpVersion.HTTP_1_1;
    }

    @Override
    public String protocol() {
        return HttpVersion.HTTP_1_1.text();
    }

    @Override
    public boolean isKeepAlive() {
        return true;
    }

    @Override
    public boolean isWebsocket() {
        return false;
    }

    @Override
    public String requestId() {
        return "local";
    }

    @Override
    public ZonedDateTime timestamp() {
        return ZonedDateTime.now();
    }

    @Override
    public String forwardedPrefix() {
        return null;
    }

    @Override
    public Map<CharSequence, Set<Cookie>> cookies() {
        return Map.of();
    }

    @Override
    public Map<CharSequence, List<Cookie>> allCookies() {
        return Map.of();
    }

    @Override
    public String param(CharSequence key) {
        return null;
    }

    @Override
    public Map<String, String> params() {
        return Map.of();
    }

    @Override
    public HttpServerRequest paramsResolver(Function<? super String, Map<String, String>> resolver) {
        return this;
    }

    @Override
    public boolean isFormUrlencoded() {
        return false;
    }

    @Override
    public boolean isMultipart() {
        return false;
    }

    @Override
    public Flux<HttpData> receiveForm() {
        return Flux.empty();
    }

    @Override
    public Flux<HttpData> receiveForm(Consumer<HttpServerFormDecoderProvider.Builder> formDecoderBuilder) {
        return Flux.empty();
    }

    @Override
    public HttpServerRequest withConnection(Consumer<? super Connection> withConnection) {
        throw new UnsupportedOperationException("an in-process request has no connection");
    }
}
