package dev.cdn.edge.shieldtls;

import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.netty.tcp.SslProvider;

/**
 * A shield's TLS certificate choice when it also has certificates of its own (a directory, tenants'): the fleet
 * certificate for the names edges reach it by, and for a handshake without SNI (an edge dialling an IP address sends
 * none, RFC 6066 3); every other name goes to {@code others}. One set lookup, never blocking.
 */
public final class FleetSni implements AsyncMapping<String, SslProvider> {

    private final Set<String> names;
    private final SslProvider fleet;
    private final AsyncMapping<String, SslProvider> others;

    public FleetSni(List<String> names, SslProvider fleet, AsyncMapping<String, SslProvider> others) {
        this.names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.fleet = fleet;
        this.others = others;
    }

    @Override
    public Future<SslProvider> map(String serverName, Promise<SslProvider> promise) {
        if (serverName == null || names.contains(serverName.toLowerCase(Locale.ROOT))) {
            return promise.setSuccess(fleet);
        }
        return others.map(serverName, promise);
    }
}
