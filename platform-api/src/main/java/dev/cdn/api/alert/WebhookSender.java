package dev.cdn.api.alert;

import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts an alert to a rule's webhook as JSON, signed ({@link WebhookSignature}). Succeeds on any 2xx answer; any
 * other answer, a refused address or a timeout is an error the outbox retries. A plain-http delivery connects to
 * the address {@link WebhookAddress} checked (with the URL's host in {@code Host}), so the name cannot be
 * re-pointed between the check and the connection; an https delivery connects by name and the receiver's
 * certificate must be valid for that name.
 */
@Component
class WebhookSender {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebhookAddress addresses;
    private final JsonMapper json;
    private final HttpClient client = HttpClient.create().responseTimeout(TIMEOUT).followRedirect(false);

    WebhookSender(WebhookAddress addresses, JsonMapper json) {
        this.addresses = addresses;
        this.json = json;
    }

    Mono<Void> send(String url, String secret, AlertMessage message, Instant now) {
        return addresses.resolveForDelivery(url).flatMap(address -> {
            byte[] body = json.writeValueAsBytes(message);
            long timestamp = now.getEpochSecond();
            String signature = WebhookSignature.sign(secret, timestamp, body);
            URI uri = URI.create(url);
            String target = uri.getScheme().equalsIgnoreCase("http") ? viaAddress(uri, address) : url;
            return client.headers(h -> h.set("Content-Type", "application/json")
                            .set("User-Agent", "cdn-alerts/1")
                            .set("Host", uri.getRawAuthority())
                            .set(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                            .set(WebhookSignature.SIGNATURE_HEADER, signature))
                    .post().uri(target)
                    .send(Mono.just(Unpooled.wrappedBuffer(body)))
                    .responseSingle((res, content) -> res.status().code() / 100 == 2 ? Mono.<Void>empty()
                            : content.asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(text ->
                            Mono.error(new IllegalStateException("the receiver answered " + res.status().code()))))
                    .timeout(TIMEOUT.plusSeconds(5));
        });
    }

    /** The URL with its host replaced by the checked address. */
    private static String viaAddress(URI uri, InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return "http://" + host + ":" + address.getPort() + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
