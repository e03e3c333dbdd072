package dev.cdn.api.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Finds the address of the client a request comes from, for per-address limits. The peer of the connection is
 * the client unless it is a trusted proxy ({@code cdn.api.trusted-proxies}: the portal, a load balancer); then
 * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first other address is the
 * client. Entries left of it are whatever the client claimed and are never believed, so a client cannot pick the
 * address it is counted under by sending the header itself.
 */
public final class ClientAddresses {

    private final List<Cidr> trusted;

    public ClientAddresses(List<String> trustedProxies) {
        List<Cidr> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                blocks.add(Cidr.parse(entry));
            }
        }
        this.trusted = List.copyOf(blocks);
    }

    public String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        return resolve(peer, request.getHeaders().getValuesAsList("X-Forwarded-For")).getHostAddress();
    }

    InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        if (peer == null) {
            return InetAddress.getLoopbackAddress();
        }
        InetAddress client = peer;
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(value -> hops.addAll(List.of(value.split(","))));
        for (int i = hops.size() - 1; i >= 0 && trusted(client); i--) {
            InetAddress hop = literal(hops.get(i).trim());
            if (hop == null) {
                break;
            }
            client = hop;
        }
        return client;
    }

    private boolean trusted(InetAddress address) {
        return trusted.stream().anyMatch(c -> c.contains(address));
    }

    /** A literal IPv4 or IPv6 address, or null (never a DNS lookup for a name a client wrote). */
    private static InetAddress literal(String value) {
        String v = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        if (v.isEmpty() || !v.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(v);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
