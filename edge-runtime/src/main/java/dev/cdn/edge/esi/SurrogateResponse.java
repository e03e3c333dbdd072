package dev.cdn.edge.esi;

import dev.cdn.edge.local.Messages;
import dev.cdn.edge.local.MonoOutbound;
import dev.cdn.edge.local.StoredBodyObserver;
import dev.cdn.edge.local.WithheldHeaderObserver;
import dev.cdn.edge.policy.CacheControl;
import dev.cdn.edge.store.Body;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The client's response, as the request path sees it under a rule without {@code esi}: everything passes straight
 * through, unless the stored or upstream answer carried {@code Surrogate-Control: content="ESI/1.0"} (Edge
 * Architecture Specification 1.0, section 3), which turns ESI on for that response alone. Then the body it sends is
 * taken as the page and handed to {@code assemble} instead of the client; the header itself never reaches the client
 * (the request path withholds it, and tells this response).
 */
final class SurrogateResponse implements HttpServerResponse, StoredBodyObserver, WithheldHeaderObserver {

    /** Assembles a page (status 200) from its stored headers and body onto the client's response. */
    interface Assembler {
        Mono<Void> assemble(HttpServerResponse client, HttpHeaders pageHeaders, Flux<ByteBuf> body, Body stored);
    }

    private final HttpServerResponse delegate;
    private final Assembler assembler;
    private volatile boolean esiRequested;
    private volatile Body storedBody;

    SurrogateResponse(HttpServerResponse delegate, Assembler assembler) {
        this.delegate = delegate;
        this.assembler = assembler;
    }

    /** Whether a Surrogate-Control field value asks this surrogate to process ESI/1.0 (section 3.1, content). */
    static boolean asksForEsi(String surrogateControl) {
        String content = CacheControl.parse(surrogateControl).directives().get("content");
        return content != null && content.toUpperCase(Locale.ROOT).contains("ESI/1.0");
    }

    @Override
    public void withheld(String name, String value) {
        if (name.equalsIgnoreCase("Surrogate-Control") && asksForEsi(value)) {
            esiRequested = true;
        }
    }

    @Override
    public void servedFrom(Body body) {
        this.storedBody = body;
    }

    /** Straight through to the client unless this response is an ESI page to assemble (decided once its status is set). */
    @Override
    public boolean passesFileRegions() {
        return !diverts() && (!(delegate instanceof StoredBodyObserver inner) || inner.passesFileRegions());
    }

    /** A body to assemble rather than send: only a full 200 of markup that asked for ESI. */
    private boolean diverts() {
        return esiRequested && delegate.status().code() == 200
                && EsiFront.isMarkup(delegate.responseHeaders().get("Content-Type"))
                && !delegate.responseHeaders().contains("Content-Range");
    }

    private NettyOutbound divert(Flux<ByteBuf> body) {
        HttpHeaders page = delegate.responseHeaders().copy();
        delegate.responseHeaders().clear();
        return new MonoOutbound(Mono.defer(() -> assembler.assemble(delegate, page, body, storedBody)), alloc());
    }

    /**
     * Kept apart from the two-argument form so a {@link Mono} body still reaches reactor-netty's single-message path:
     * status, headers and body leave in one write and one flush, the body's last frame ending the stream (one HTTP/2
     * DATA frame with END_STREAM, RFC 9113 section 8.1) instead of a second write of an empty last frame once the
     * first has completed.
     */
    @Override
    public NettyOutbound send(Publisher<? extends ByteBuf> data) {
        return diverts() ? divert(Flux.from(data)) : delegate.send(data);
    }

    @Override
    public NettyOutbound send(Publisher<? extends ByteBuf> data, Predicate<ByteBuf> flushPredicate) {
        return diverts() ? divert(Flux.from(data)) : delegate.send(data, flushPredicate);
    }

    @Override
    public NettyOutbound sendObject(Publisher<?> data, Predicate<Object> flushPredicate) {
        return diverts() ? divert(Flux.from(data).concatMap(Messages::asBuffer))
                : delegate.sendObject(data, flushPredicate);
    }

    @Override
    public NettyOutbound sendObject(Object message) {
        return diverts() ? divert(Mono.just(message).flatMap(Messages::asBuffer).flux()) : delegate.sendObject(message);
    }

    // Everything else is the client's response itself.

    @Override
    public Mono<Void> send() {
        return delegate.send();
    }

    @Override
    public NettyOutbound sendHeaders() {
        return delegate.sendHeaders();
    }

    @Override
    public ByteBufAllocator alloc() {
        return delegate.alloc();
    }

    @Override
    public <S> NettyOutbound sendUsing(Callable<? extends S> sourceInput,
                                       BiFunction<? super Connection, ? super S, ?> mappedInput,
                                       Consumer<? super S> sourceCleanup) {
        return delegate.sendUsing(sourceInput, mappedInput, sourceCleanup);
    }

    @Override
    public HttpServerResponse withConnection(Consumer<? super Connection> withConnection) {
        delegate.withConnection(withConnection);
        return this;
    }

    @Override
    public HttpServerResponse addCookie(Cookie cookie) {
        delegate.addCookie(cookie);
        return this;
    }

    @Override
    public HttpServerResponse addHeader(CharSequence name, CharSequence value) {
        delegate.addHeader(name, value);
        return this;
    }

    @Override
    public HttpServerResponse chunkedTransfer(boolean chunked) {
        delegate.chunkedTransfer(chunked);
        return this;
    }

    @Override
    public HttpServerResponse compression(boolean compress) {
        delegate.compression(compress);
        return this;
    }

    @Override
    public boolean hasSentHeaders() {
        return delegate.hasSentHeaders();
    }

    @Override
    public HttpServerResponse header(CharSequence name, CharSequence value) {
        delegate.header(name, value);
        return this;
    }

    @Override
    public HttpServerResponse headers(HttpHeaders headers) {
        delegate.headers(headers);
        return this;
    }

    @Override
    public HttpServerResponse keepAlive(boolean keepAlive) {
        delegate.keepAlive(keepAlive);
        return this;
    }

    @Override
    public HttpHeaders responseHeaders() {
        return delegate.responseHeaders();
    }

    @Override
    public Mono<Void> sendNotFound() {
        return delegate.sendNotFound();
    }

    @Override
    public Mono<Void> sendRedirect(String location) {
        return delegate.sendRedirect(location);
    }

    @Override
    public Mono<Void> sendWebsocket(BiFunction<? super WebsocketInbound, ? super WebsocketOutbound,
            ? extends Publisher<Void>> handler, WebsocketServerSpec spec) {
        return delegate.sendWebsocket(handler, spec);
    }

    @Override
    public HttpServerResponse sse() {
        delegate.sse();
        return this;
    }

    @Override
    public HttpResponseStatus status() {
        return delegate.status();
    }

    @Override
    public HttpServerResponse status(HttpResponseStatus status) {
        delegate.status(status);
        return this;
    }

    @Override
    public HttpServerResponse trailerHeaders(Consumer<? super HttpHeaders> trailerHeaders) {
        delegate.trailerHeaders(trailerHeaders);
        return this;
    }

    @Override
    public Map<CharSequence, Set<Cookie>> cookies() {
        return delegate.cookies();
    }

    @Override
    public Map<CharSequence, List<Cookie>> allCookies() {
        return delegate.allCookies();
    }

    @Override
    public String fullPath() {
        return delegate.fullPath();
    }

    @Override
    public String requestId() {
        return delegate.requestId();
    }

    @Override
    public boolean isKeepAlive() {
        return delegate.isKeepAlive();
    }

    @Override
    public boolean isWebsocket() {
        return delegate.isWebsocket();
    }

    @Override
    public HttpMethod method() {
        return delegate.method();
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public HttpVersion version() {
        return delegate.version();
    }

    @Override
    public SocketAddress hostAddress() {
        return delegate.hostAddress();
    }

    @Override
    public SocketAddress connectionHostAddress() {
        return delegate.connectionHostAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public SocketAddress connectionRemoteAddress() {
        return delegate.connectionRemoteAddress();
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public String connectionScheme() {
        return delegate.connectionScheme();
    }

    @Override
    public String hostName() {
        return delegate.hostName();
    }

    @Override
    public int hostPort() {
        return delegate.hostPort();
    }
}
