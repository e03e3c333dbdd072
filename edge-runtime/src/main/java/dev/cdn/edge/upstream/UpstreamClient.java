package dev.cdn.edge.upstream;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.resolver.AddressResolverGroup;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.netty.util.AttributeKey;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Hands out reactor-netty HttpClients configured per upstream target (connect timeout capped by
 * {@link UpstreamTimeouts}, TLS), sharing one
 * connection pool; configured clients are cached because building one per request would churn allocations.
 *
 * <p>Every connection a request takes passes its service's {@link Bulkheads} first (the request's
 * {@link UpstreamAttempt} names the service): the pool's own limit per address is only the backstop, and its FIFO
 * line, shared by every service, is never where a request waits. The connection leaves the share when its exchange
 * ends: the response was received whole, or the request or response failed, or the connection closed.
 */
public final class UpstreamClient implements AutoCloseable {

    private final ConnectionProvider pool;
    private final HttpClient base;
    private final OriginAddressGuard guard;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final UpstreamTimeouts timeouts;
    private final Bulkheads bulkheads;
    private volatile io.netty.handler.ssl.SslContext shieldTls;
    /** The permit of the exchange a connection carries now; released by the channel's closing at the latest. */
    private static final AttributeKey<Bulkheads.Permit> PERMIT = AttributeKey.valueOf("cdn.bulkheadPermit");

    /**
     * @param guard    checks the address every origin connection is opened to (the shield's are not checked)
     * @param resolver how origin names are resolved; null for reactor-netty's default (tests inject their own)
     * @param timeouts the node's bounds on every hop
     * @param bulkheads the shares of connections by service, origin and address
     */
    public UpstreamClient(String name, OriginAddressGuard guard, AddressResolverGroup<?> resolver,
                          UpstreamTimeouts timeouts, Bulkheads bulkheads) {
        this.guard = guard;
        this.timeouts = timeouts;
        this.bulkheads = bulkheads;
        int perAddress = bulkheads.limits().perAddress();
        this.pool = ConnectionProvider.builder(name + "-upstream")
                .maxConnections(perAddress)
                // The bulkheads admit at most perAddress exchanges; a share freed a moment before its connection is
                // back in the pool is the only wait left here.
                .pendingAcquireMaxCount(perAddress)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        // Redirects are the client's business; compression is negotiated end to end. The response hook tells the
        // request's UpstreamAttempt (in its Reactor context) that headers arrived: passive health and failover.
        HttpClient client = HttpClient.create(pool).followRedirect(false).compress(false).keepAlive(true)
                .doOnResponse((response, connection) -> UpstreamAttempt.observe(response))
                .mapConnect(this::withinShare)
                .doAfterResponseSuccess((response, connection) ->
                        endExchange(response.currentContextView(), connection.channel()))
                .doOnResponseError((response, error) -> UpstreamAttempt.exchangeEnded(response.currentContextView()))
                .doOnRequestError((request, error) -> UpstreamAttempt.exchangeEnded(request.currentContextView()))
                .doOnChannelInit((observer, channel, remote) -> {
                    // Per connection, so a pooled connection keeps it: between the HTTP codec and reactor-netty.
                    addBeforeReactor(channel.pipeline(), InterimResponseFilter.NAME, new InterimResponseFilter());
                    addBeforeReactor(channel.pipeline(), FramingGuard.NAME, new FramingGuard());
                    // An exchange cut off mid-body (cancelled, reset) ends with its connection.
                    channel.closeFuture().addListener(f -> {
                        Bulkheads.Permit p = channel.attr(PERMIT).getAndSet(null);
                        if (p != null) {
                            p.release();
                        }
                    });
                });
        this.base = resolver == null ? client : client.resolver(resolver);
    }

    /**
     * Takes a connection only once the request's service has one free in its share (requests without an attempt,
     * such as health checks, are not counted). The wait is bounded by the connect bound: a connection that is not
     * there by then would not have been established in time either.
     */
    private Mono<? extends Connection> withinShare(Mono<? extends Connection> connect) {
        return Mono.deferContextual(context -> {
            UpstreamAttempt attempt = context.<UpstreamAttempt>getOrEmpty(UpstreamAttempt.KEY).orElse(null);
            if (attempt == null || attempt.serviceId() == null) {
                return connect;
            }
            Duration maxWait = Duration.ofMillis(timeouts.connectMs(attempt.target()));
            return bulkheads.acquire(attempt.serviceId(), attempt.target().baseUrl(), maxWait)
                    .flatMap(permit -> {
                        attempt.holds(permit);
                        return connect
                                .doOnNext(c -> c.channel().attr(PERMIT).set(permit))
                                .doOnError(e -> permit.release())
                                .doOnCancel(permit::release);
                    });
        });
    }

    /** The response was received whole: the connection goes back to the pool and leaves the service's share. */
    private static void endExchange(reactor.util.context.ContextView context, io.netty.channel.Channel channel) {
        context.<UpstreamAttempt>getOrEmpty(UpstreamAttempt.KEY).ifPresent(a -> {
            Bulkheads.Permit p = a.permit();
            if (p != null) {
                channel.attr(PERMIT).compareAndSet(p, null);
                p.release();
            }
        });
    }

    /** Adds a handler after those added before it, just ahead of reactor-netty's bridge when it is there already. */
    private static void addBeforeReactor(ChannelPipeline p, String name, ChannelHandler handler) {
        if (p.get(NettyPipeline.ReactiveBridge) != null) {
            p.addBefore(NettyPipeline.ReactiveBridge, name, handler);
        } else {
            p.addLast(name, handler);
        }
    }

    /** The node's bounds on every hop: callers take the first-byte and idle bounds from here too. */
    public UpstreamTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Verifies https shields with {@code context} (the fleet CA, with hostname verification) instead of the JDK's
     * trust store; set before the first request.
     */
    public void trustShieldsWith(io.netty.handler.ssl.SslContext context) {
        this.shieldTls = context;
    }

    public HttpClient client(UpstreamTarget target) {
        int connectMs = timeouts.connectMs(target);
        String id = target.baseUrl() + "#" + connectMs + "#" + target.shield();
        return clients.computeIfAbsent(id, k -> {
            HttpClient c = base.baseUrl(target.baseUrl())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMs);
            if (!target.shield()) {
                c = c.doOnChannelInit((observer, channel, remote) ->
                        channel.pipeline().addFirst("origin-address-guard", guard.handler(target.host())));
            }
            io.netty.handler.ssl.SslContext fleet = shieldTls;
            if (target.tls() && target.shield() && fleet != null) {
                // A managed edge verifies its shields against the fleet CA only (docs/routing.md).
                return c.secure(spec -> spec.sslContext(fleet));
            }
            return target.tls() ? c.secure() : c;
        });
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }
}
