package dev.cdn.api.purge;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.ssrf.AddressPolicy;
import dev.cdn.api.ssrf.HostLookup;
import dev.cdn.api.ssrf.RequestTarget;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fetches a tenant's sitemap under the platform's SSRF rule ({@link AddressPolicy}): the name is resolved off the
 * event loop, every address must be allowed, and the connection goes to the checked address (no second lookup for
 * DNS rebinding to answer differently). No redirects, at most {@link #MAX_BYTES} (counted as the body arrives, so
 * a body without Content-Length cannot grow past it), bounded in time. Every refusal is a 400 naming
 * {@code sitemapUrl}.
 */
@Component
class WarmSitemapFetcher {

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String FIELD = "sitemapUrl";

    private final AddressPolicy policy;
    private final HostLookup lookup;
    private final HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
            .followRedirect(false)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .responseTimeout(Duration.ofSeconds(10));

    WarmSitemapFetcher(AddressPolicy policy, HostLookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    Mono<byte[]> fetch(String sitemapUrl) {
        URI uri;
        try {
            uri = URI.create(sitemapUrl.strip());
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiException.invalid(FIELD, "is not a valid URL"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return Mono.error(ApiException.invalid(FIELD, "must be an absolute http:// or https:// URL"));
        }
        if (uri.getRawUserInfo() != null) {
            return Mono.error(ApiException.invalid(FIELD, "must not carry credentials"));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return lookup.resolve(host).flatMap(addresses -> {
            if (addresses.isEmpty()) {
                return Mono.error(ApiException.invalid(FIELD, "host '" + host + "' does not resolve"));
            }
            for (InetAddress address : addresses) {
                Optional<String> refused = policy.refusal(host, address, port);
                if (refused.isPresent()) {
                    return Mono.error(ApiException.invalid(FIELD, refused.get()));
                }
            }
            return get(uri, host, addresses.get(0), port, scheme.equals("https"));
        });
    }

    private Mono<byte[]> get(URI uri, String host, InetAddress address, int port, boolean tls) {
        InetSocketAddress remote = HostLookup.connectAddress(host, address, port);
        HttpClient http = client.remoteAddress(() -> remote)
                .headers(h -> h.set(HttpHeaderNames.HOST, uri.getRawAuthority())
                        .set(HttpHeaderNames.USER_AGENT, "cdn-warm-sitemap/1")
                        .set(HttpHeaderNames.ACCEPT, "application/xml, text/xml"));
        if (tls) {
            http = http.secure();
        }
        return http.get().uri(RequestTarget.of(uri))
                .response((res, body) -> {
                    if (res.status().code() != 200) {
                        return Mono.error(ApiException.invalid(FIELD, "answered " + res.status().code()
                                + (res.status().code() / 100 == 3 ? " (redirects are not followed)" : "") + ", not 200"));
                    }
                    return body.asByteArray().reduce(new ByteArrayOutputStream(), WarmSitemapFetcher::append);
                })
                .next()
                .map(ByteArrayOutputStream::toByteArray)
                .timeout(TIMEOUT)
                .onErrorMap(e -> !(e instanceof ApiException),
                        e -> ApiException.invalid(FIELD, "could not be fetched: " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : " " + e.getMessage())));
    }

    private static ByteArrayOutputStream append(ByteArrayOutputStream out, byte[] chunk) {
        if (out.size() + chunk.length > MAX_BYTES) {
            throw ApiException.invalid(FIELD, "is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        out.writeBytes(chunk);
        return out;
    }
}
