package dev.cdn.edge.upstream;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.resolver.AddressResolverGroup;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Hands out reactor-netty HttpClients configured per upstream target (connect timeout capped by
 * {@link UpstreamTimeouts}, TLS), sharing one
 * connection pool; configured clients are cached because building one per request would churn allocations.
 */
public final class UpstreamClient implements AutoCloseable {

    private final ConnectionProvider pool;
    private final HttpClient base;
    private final OriginAddressGuard guard;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final UpstreamTimeouts timeouts;

    /**
     * @param guard    checks the address every origin connection is opened to (the shield's are not checked)
     * @param resolver how origin names are resolved; null for reactor-netty's default (tests inject their own)
     * @param timeouts the node's bounds on every hop
     * @param connectionsPerAddress the connections open to one upstream address at most
     */
    public UpstreamClient(String name, OriginAddressGuard guard, AddressResolverGroup<?> resolver,
                          UpstreamTimeouts timeouts, int connectionsPerAddress) {
        this.guard = guard;
        this.timeouts = timeouts;
        this.pool = ConnectionProvider.builder(name + "-upstream")
                .maxConnections(connectionsPerAddress)
                .pendingAcquireMaxCount(10_000)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        // Redirects are the client's business; compression is negotiated end to end. The response hook tells the
        // request's UpstreamAttempt (in its Reactor context) that headers arrived: passive health and failover.
        HttpClient client = HttpClient.create(pool).followRedirect(false).compress(false).keepAlive(true)
                .doOnResponse((response, connection) -> UpstreamAttempt.observe(response))
                .doOnChannelInit((observer, channel, remote) -> {
                    // Per connection, so a pooled connection keeps it: between the HTTP codec and reactor-netty.
                    addBeforeReactor(channel.pipeline(), InterimResponseFilter.NAME, new InterimResponseFilter());
                    addBeforeReactor(channel.pipeline(), FramingGuard.NAME, new FramingGuard());
                });
        this.base = resolver == null ? client : client.resolver(resolver);
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
            return target.tls() ? c.secure() : c;
        });
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }
}
