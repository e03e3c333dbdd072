package dev.cdn.api.ssrf;

import dev.cdn.config.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Resolves a host a tenant gave before the control plane connects to it for them (origin test, sitemap, log
 * delivery, alert webhooks). Every address it answers must pass {@link AddressPolicy}, and the connection then goes
 * to a checked address ({@link #connectAddress}), never by name: a second lookup is what DNS rebinding answers
 * differently. The system resolver in production ({@link SystemHostLookup}); tests put in names of their own.
 */
@FunctionalInterface
public interface HostLookup {

    /** Every address {@code name} has now; empty when it does not resolve. May block. */
    List<InetAddress> addresses(String name);

    /** An IP literal (in any spelling a resolver reads) as itself; a name looked up off the event loop. */
    default Mono<List<InetAddress>> resolve(String host) {
        Optional<InetAddress> literal = IpLiterals.parse(host);
        if (literal.isPresent()) {
            return Mono.just(List.of(literal.get()));
        }
        return Mono.fromCallable(() -> addresses(host)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Where to connect for {@code host}: its checked {@code address}, carrying the name when the host is one, so
     * TLS sends the name as SNI and checks the certificate against it, and nothing resolves the name again.
     */
    static InetSocketAddress connectAddress(String host, InetAddress address, int port) {
        if (IpLiterals.parse(host).isPresent()) {
            return new InetSocketAddress(address, port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(host, address.getAddress()), port);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("an address of " + address.getAddress().length + " bytes", impossible);
        }
    }
}
