package dev.cdn.edge.upstream;

import dev.cdn.config.AddressKind;
import dev.cdn.config.PrivateOriginAllowList;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The edge's SSRF check where it counts: on the address a connection to an origin is actually opened to, after
 * DNS resolution, so a name that resolved to a public address when the tenant saved it and to 127.0.0.1 now
 * (DNS rebinding) is refused all the same. Refused: every non-public {@link AddressKind} unless the operator
 * allow-lists it ({@code CDN_ALLOWED_PRIVATE_ORIGINS}), and this node's own listeners (client, TLS, admin) on a
 * local address whatever the allow-list says. Runs as a Netty outbound handler on the connect event, so it costs
 * nothing per request on a pooled connection and never blocks. The shield tier is the operator's own and is not
 * checked.
 */
public final class OriginAddressGuard {

    private final PrivateOriginAllowList allowList;
    private final Supplier<Set<Integer>> ownPorts;
    private final Consumer<AddressKind> onRefused;

    /**
     * @param ownPorts  the ports this node listens on (read at connect time: they are known once bound)
     * @param onRefused called for each refused connection (the metric)
     */
    public OriginAddressGuard(PrivateOriginAllowList allowList, Supplier<Set<Integer>> ownPorts,
                              Consumer<AddressKind> onRefused) {
        this.allowList = allowList;
        this.ownPorts = ownPorts;
        this.onRefused = onRefused;
    }

    /** Why connecting to {@code remote} for an origin configured as {@code host} is refused; empty if it is not. */
    public Optional<String> refusal(String host, InetSocketAddress remote) {
        if (remote.isUnresolved()) {
            return Optional.of("origin '" + host + "' did not resolve to an address");
        }
        AddressKind kind = AddressKind.of(remote.getAddress());
        boolean local = kind == AddressKind.LOOPBACK || kind == AddressKind.UNSPECIFIED;
        if (local && ownPorts.get().contains(remote.getPort())) {
            return Optional.of("origin '" + host + "' is this node's own listener " + remote.getAddress().getHostAddress()
                    + ":" + remote.getPort());
        }
        if (kind.isPublic() || allowList.allows(host, remote.getAddress(), remote.getPort())) {
            return Optional.empty();
        }
        return Optional.of("origin '" + host + "' resolved to " + remote.getAddress().getHostAddress() + ", a "
                + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " address");
    }

    /** A handler that checks the connect of one channel to an origin configured as {@code host}. */
    public ChannelOutboundHandlerAdapter handler(String host) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local,
                                ChannelPromise promise) throws Exception {
                if (remote instanceof InetSocketAddress address) {
                    Optional<String> why = refusal(host, address);
                    if (why.isPresent()) {
                        onRefused.accept(address.isUnresolved() ? AddressKind.RESERVED
                                : AddressKind.of(address.getAddress()));
                        promise.setFailure(new Refused(why.get()));
                        return;
                    }
                }
                super.connect(ctx, remote, local, promise);
            }
        };
    }

    /** The refusal in a failure's cause chain, if there is one. */
    public static Optional<Refused> refusedIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof Refused r) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The body of the 502 an edge answers for a refused origin address (RFC 9457 problem details). */
    public static String problem(Refused refused) {
        return "{\"type\":\"about:blank\",\"title\":\"Origin address refused\",\"status\":502,\"detail\":\""
                + refused.getMessage().replace("\\", "\\\\").replace("\"", "\\\"")
                + "; origins must be on public addresses (see CDN_ALLOWED_PRIVATE_ORIGINS)\"}";
    }

    /** A connection refused by this guard; upstream error handling maps it to 502. */
    public static final class Refused extends ConnectException {
        Refused(String message) {
            super(message);
        }
    }
}
