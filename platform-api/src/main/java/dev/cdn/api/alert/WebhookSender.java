package dev.cdn.api.alert;

import dev.cdn.api.ssrf.RequestTarget;
import io.netty.buffer.Unpooled;
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
 * other answer, a refused address or a timeout is an error the outbox retries. Every delivery connects to the
 * address {@link WebhookAddress} checked, with the URL's authority in {@code Host}, so the name cannot be re-pointed
 * between the check and the connection; over https the address carries the name, which is sent as SNI and which
 * the receiver's certificate must be valid for.
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
            HttpClient http = client.remoteAddress(() -> address)
                    .headers(h -> h.set("Content-Type", "application/json")
                            .set("User-Agent", "cdn-alerts/1")
                            .set("Host", uri.getRawAuthority())
                            .set(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                            .set(WebhookSignature.SIGNATURE_HEADER, signature));
            if (uri.getScheme().equalsIgnoreCase("https")) {
                http = http.secure();
            }
            return http.post().uri(RequestTarget.of(uri))
                    .send(Mono.just(Unpooled.wrappedBuffer(body)))
                    .responseSingle((res, content) -> res.status().code() / 100 == 2 ? Mono.<Void>empty()
                            : content.asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(text ->
                            Mono.error(new IllegalStateException("the receiver answered " + res.status().code()))))
                    .timeout(TIMEOUT.plusSeconds(5));
        });
    }
}
