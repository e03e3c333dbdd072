package dev.cdn.api.domain;

import dev.cdn.api.ssrf.AddressPolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Looks for a claim's token at {@code http://<name>/.well-known/cdn-challenge/<token>} on the name's current
 * address (from the operator's resolvers). The address passes the SSRF policy first, the connection goes to that
 * very address (no second lookup to rebind), redirects are not followed and at most a few KiB are read.
 */
@Component
class HttpTokenProbe {

    static final String PATH_PREFIX = "/.well-known/cdn-challenge/";
    private static final int MAX_BODY = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final DnsClient dns;
    private final AddressPolicy policy;
    private final int port;
    private final HttpClient client;

    HttpTokenProbe(DnsClient dns, AddressPolicy policy, DomainSettings settings) {
        this.dns = dns;
        this.policy = policy;
        this.port = settings.httpChallengePort();
        this.client = HttpClient.create().followRedirect(false).responseTimeout(TIMEOUT)
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis());
    }

    /** {@link CheckOutcome#HTTP_TOKEN_FOUND}, {@link CheckOutcome#ADDRESS_REFUSED} or {@link CheckOutcome#NO_PROOF_FOUND}. */
    Mono<CheckOutcome> probe(String name, String token) {
        return dns.addresses(name).flatMap(addresses -> {
            Optional<InetAddress> target = addresses.stream()
                    .filter(a -> policy.refusal(name, a, port).isEmpty()).findFirst();
            if (target.isEmpty()) {
                return Mono.just(addresses.isEmpty() ? CheckOutcome.NO_PROOF_FOUND : CheckOutcome.ADDRESS_REFUSED);
            }
            return fetch(name, target.get(), token)
                    .map(body -> body.trim().equals(token) ? CheckOutcome.HTTP_TOKEN_FOUND : CheckOutcome.NO_PROOF_FOUND);
        }).onErrorReturn(CheckOutcome.NO_PROOF_FOUND);
    }

    private Mono<String> fetch(String name, InetAddress address, String token) {
        InetSocketAddress remote = new InetSocketAddress(address, port);
        String host = port == 80 ? name : name + ":" + port;
        return client.remoteAddress(() -> remote)
                .headers(h -> h.set(HttpHeaderNames.HOST, host))
                .get().uri(PATH_PREFIX + token)
                .responseConnection((response, connection) -> response.status().code() != 200 ? Mono.just("")
                        : connection.inbound().receive().asString(StandardCharsets.UTF_8)
                                .scan(new StringBuilder(), StringBuilder::append)
                                .takeUntil(text -> text.length() > MAX_BODY)
                                .last(new StringBuilder())
                                .map(text -> text.length() > MAX_BODY ? "" : text.toString()))
                .next()
                .defaultIfEmpty("");
    }
}
