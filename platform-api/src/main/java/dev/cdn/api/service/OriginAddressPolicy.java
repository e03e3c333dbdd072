package dev.cdn.api.service;

import dev.cdn.api.error.FieldError;
import dev.cdn.config.Origin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Refuses origins that point into private networks (SSRF): loopback, RFC 1918, carrier-grade NAT, link-local
 * (which includes the cloud metadata address 169.254.169.254), unique-local IPv6, multicast and unspecified
 * addresses, unless the operator sets {@code cdn.origins.allow-private-addresses=true} (local development).
 * Names are resolved off the event loop; a name that does not resolve yet is accepted.
 */
@Component
class OriginAddressPolicy {

    private final boolean allowPrivate;

    OriginAddressPolicy(@Value("${cdn.origins.allow-private-addresses:false}") boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    Mono<List<FieldError>> check(List<Origin> origins, String fieldPrefix) {
        if (allowPrivate || origins.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.fromCallable(() -> {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < origins.size(); i++) {
                Origin o = origins.get(i);
                if (o == null || o.host() == null || o.host().isBlank()) {
                    continue;
                }
                String reason = refusal(o.host());
                if (reason != null) {
                    errors.add(new FieldError(fieldPrefix + "[" + i + "].host", reason));
                }
            }
            return errors;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static String refusal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
        for (InetAddress a : addresses) {
            if (isPrivate(a)) {
                return "'" + host + "' resolves to " + a.getHostAddress() + ", a private, loopback, link-local or"
                        + " metadata address; origins must be public (an operator can allow private origins with"
                        + " cdn.origins.allow-private-addresses)";
            }
        }
        return null;
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240;
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
}
