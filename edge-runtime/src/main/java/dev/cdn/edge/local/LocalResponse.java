package dev.cdn.edge.local;

import dev.cdn.edge.store.Body;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The response side of an in-process request: the request path sets status and headers and sends a body as it would
 * to a socket, and the caller receives them as one {@link LocalAnswer} whose body streams. Sending completes when the
 * caller has consumed the body, as a socket write completes when the bytes are out, so whatever the request path
 * holds for the send (a pinned stored body) is held exactly that long.
 */
final class LocalResponse implements HttpServerResponse, StoredBodyObserver {

    private final LocalRequest request;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private final Sinks.One<LocalAnswer> answer = Sinks.one();
    private final AtomicBoolean sent = new AtomicBoolean();
    private volatile HttpResponseStatus status = HttpResponseStatus.OK;
    private volatile Body storedBody;

    LocalResponse(LocalRequest request) {
        this.request = request;
    }

    Mono<LocalAnswer> answer() {
        return answer.asMono();
    }

    /** The request path ended: if it never sent anything, the caller learns so instead of waiting. */
    void ended() {
        answer.tryEmitError(new IllegalStateException("the request path sent no response"));
    }

    /** The request path failed before or while answering. */
    void failed(Throwable error) {
        answer.tryEmitError(error);
    }

    @Override
    public void servedFrom(Body body) {
        this.storedBody = body;
    }

    /** Hands the answer over with {@code body}; the returned Mono completes once the caller consumed the body. */
    private Mono<Void> deliver(Flux<ByteBuf> body) {
        return Mono.defer(() -> {
            if (!sent.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("the response was already sent"));
            }
            Sinks.Empty<Void> consumed = Sinks.empty();
            Flux<ByteBuf> tracked = body.doFinally(signal -> consumed.tryEmitEmpty());
            Body stored = storedBody;
            LocalAnswer a = new LocalAnswer(status.code(), headers, tracked, stored);
            if (answer.tryEmitValue(a).isFailure()) {
                return body.doOnNext(ReferenceCountUtil::release).then();
            }
            return consumed.asMono();
        });
    }

    @Override
    public NettyOutbound send(Publisher<? extends ByteBuf> data, Predicate<ByteBuf> flushPredicate) {
        return new MonoOutbound(deliver(Flux.from(data)), alloc());
    }

    @Override
    public NettyOutbound sendObject(Publisher<?> data, Predicate<Object> flushPredicate) {
        return new MonoOutbound(deliver(Flux.from(data).concatMap(Messages::asBuffer)), alloc());
    }

    @Override
    public NettyOutbound sendObject(Object message) {
        return sendObject(Mono.just(message), m -> true);
    }

    @Override
    public Mono<Void> send() {
        return deliver(Flux.empty());
    }

    @Override
    public NettyOutbound sendHeaders() {
        return new MonoOutbound(deliver(Flux.empty()), alloc());
    }

    @Override
    public boolean hasSentHeaders() {
        return sent.get();
    }

    @Override
    public HttpResponseStatus status() {
        return status;
    }

    @Override
    public HttpServerResponse status(HttpResponseStatus status) {
        this.status = status;
        return this;
    }

    @Override
    public HttpHeaders responseHeaders() {
        return headers;
    }

    @Override
    public HttpServerResponse header(CharSequence name, CharSequence value) {
        headers.set(name, value);
        return this;
    }

    @Override
    public HttpServerResponse addHeader(CharSequence name, CharSequence value) {
        headers.add(name, value);
        return this;
    }

    @Override
    public HttpServerResponse headers(HttpHeaders headers) {
        this.headers.set(headers);
        return this;
    }

    @Override
    public HttpServerResponse keepAlive(boolean keepAlive) {
        return this;
    }

    @Override
    public HttpServerResponse chunkedTransfer(boolean chunked) {
        return this;
    }

    @Override
    public HttpServerResponse compression(boolean compress) {
        return this;
    }

    @Override
    public HttpServerResponse addCookie(Cookie cookie) {
        throw new UnsupportedOperationException("the request path sets no cookies");
    }

    @Override
    public HttpServerResponse trailerHeaders(Consumer<? super HttpHeaders> trailerHeaders) {
        return this;
    }

    @Override
    public HttpServerResponse sse() {
        throw new UnsupportedOperationException("no server-sent events in-process");
    }

    @Override
    public Mono<Void> sendNotFound() {
        return status(HttpResponseStatus.NOT_FOUND).send();
    }

    @Override
    public Mono<Void> sendRedirect(String location) {
        return status(HttpResponseStatus.FOUND).header("Location", location).send();
    }

    @Override
    public Mono<Void> sendWebsocket(BiFunction<? super WebsocketInbound, ? super WebsocketOutbound,
            ? extends Publisher<Void>> handler, WebsocketServerSpec spec) {
        return Mono.error(new UnsupportedOperationException("no websockets in-process"));
    }

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public <S> NettyOutbound sendUsing(Callable<? extends S> sourceInput,
                                       BiFunction<? super Connection, ? super S, ?> mappedInput,
                                       Consumer<? super S> sourceCleanup) {
        throw new UnsupportedOperationException("an in-process response has no connection");
    }

    @Override
    public HttpServerResponse withConnection(Consumer<? super Connection> withConnection) {
        throw new UnsupportedOperationException("an in-process response has no connection");
    }

    @Override
    public Map<CharSequence, Set<Cookie>> cookies() {
        return request.cookies();
    }

    @Override
    public Map<CharSequence, List<Cookie>> allCookies() {
        return request.allCookies();
    }

    @Override
    public String fullPath() {
        return request.fullPath();
    }

    @Override
    public String requestId() {
        return request.requestId();
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
    public HttpMethod method() {
        return request.method();
    }

    @Override
    public String uri() {
        return request.uri();
    }

    @Override
    public HttpVersion version() {
        return request.version();
    }

    @Override
    public SocketAddress hostAddress() {
        return request.hostAddress();
    }

    @Override
    public SocketAddress connectionHostAddress() {
        return request.connectionHostAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return request.remoteAddress();
    }

    @Override
    public SocketAddress connectionRemoteAddress() {
        return request.connectionRemoteAddress();
    }

    @Override
    public String scheme() {
        return request.scheme();
    }

    @Override
    public String connectionScheme() {
        return request.connectionScheme();
    }

    @Override
    public String hostName() {
        return request.hostName();
    }

    @Override
    public int hostPort() {
        return request.hostPort();
    }
}
