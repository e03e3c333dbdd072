package dev.cdn.edge.shieldtls;

import dev.cdn.edge.control.Backoff;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A shield's fleet certificate (docs/routing.md, "Edge to shield over TLS"): an ECDSA P-256 key pair made in memory
 * and never written anywhere, a server certificate for {@code --fleet-cert-names} that the control plane's fleet CA
 * issues for its public half ({@code POST /v1/edge/shield-certificate}), asked for at start and again at half its
 * life (with backoff while the control plane is away: the certificate in hand keeps serving until it expires). Each
 * renewal makes a fresh key pair. The TLS context is built once around a {@link ShieldKeyManager}, so a renewal is
 * served from the next handshake on without a restart or a new listener.
 */
public final class ShieldCertificate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShieldCertificate.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final List<String> names;
    private final Clock clock;
    private final ShieldKeyManager keys = new ShieldKeyManager();
    private final SslContext context;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30),
            () -> ThreadLocalRandom.current().nextDouble());
    private final AtomicInteger attempt = new AtomicInteger();
    private volatile Disposable next;
    private volatile boolean closed;

    public ShieldCertificate(String controlPlane, String edgeToken, String nodeId, List<String> names, Clock clock) {
        this.names = List.copyOf(names);
        this.clock = clock;
        this.client = HttpClient.create().baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken).set("X-Edge-Id", nodeId)
                        .set("X-Edge-Role", "shield").set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
        try {
            // HTTP/1.1 only, the protocol edges speak to their shields: no ALPN offered.
            this.context = SslContextBuilder.forServer(keys)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the shield's TLS context", e);
        }
    }

    /** Asks for the first certificate; renewals follow on their own. */
    public void start() {
        renew();
    }

    @Override
    public void close() {
        closed = true;
        Disposable n = next;
        if (n != null) {
            n.dispose();
        }
    }

    /** The server TLS context presenting the current certificate (none before the first: handshakes fail). */
    public SslContext serverContext() {
        return context;
    }

    /** The names the certificate is asked for. */
    public List<String> names() {
        return names;
    }

    /** The certificate served now, or null before the first. */
    public X509Certificate current() {
        return keys.leaf();
    }

    private void renew() {
        if (closed) {
            return;
        }
        next = Mono.fromCallable(ShieldCertificate::newKeyPair).subscribeOn(Schedulers.boundedElastic())
                .flatMap(pair -> client.post().uri("/v1/edge/shield-certificate")
                        .send(Mono.fromCallable(() -> io.netty.buffer.Unpooled.wrappedBuffer(JSON.writeValueAsBytes(
                                Map.of("publicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                                        "names", names)))))
                        .responseSingle((res, body) -> res.status().code() == 200 ? body.asByteArray()
                                : body.asString().defaultIfEmpty("").flatMap(text -> Mono.error(new IllegalStateException(
                                        "the control plane answered " + res.status().code() + " " + text))))
                        .publishOn(Schedulers.boundedElastic())
                        .map(bytes -> install(pair, bytes)))
                .subscribe(expires -> {
                    attempt.set(0);
                    Duration life = Duration.between(clock.instant(), expires);
                    schedule(life.dividedBy(2).isNegative() ? Duration.ofSeconds(1) : life.dividedBy(2));
                }, e -> {
                    log.warn("obtaining this shield's fleet certificate failed, retrying: {}", e.toString());
                    schedule(backoff.delay(attempt.getAndIncrement()));
                });
    }

    private Instant install(KeyPair pair, byte[] json) {
        Map<?, ?> issued = JSON.readValue(json, Map.class);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(
                    ((String) issued.get("chain")).getBytes(StandardCharsets.US_ASCII)))) {
                chain.add((X509Certificate) c);
            }
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("the issued chain does not parse: " + e.getMessage(), e);
        }
        if (chain.isEmpty() || !chain.get(0).getPublicKey().equals(pair.getPublic())) {
            throw new IllegalStateException("the issued certificate is not for this shield's key");
        }
        keys.install(pair.getPrivate(), chain);
        log.info("fleet certificate for {} installed (valid until {})", names, chain.get(0).getNotAfter().toInstant());
        return Instant.parse((String) issued.get("expiresAt"));
    }

    private void schedule(Duration in) {
        if (!closed) {
            next = Schedulers.parallel().schedule(this::renew, Math.max(1, in.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }
}
