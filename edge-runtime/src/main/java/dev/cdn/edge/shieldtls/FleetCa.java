package dev.cdn.edge.shieldtls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * An edge's trust for its shields (docs/routing.md, "Edge to shield over TLS"): the fleet CA certificates the control
 * plane publishes ({@code GET /v1/edge/fleet-ca}), fetched at start, every {@link #REFRESH_EVERY}, and when a shield
 * presents a chain they do not verify (at most every {@link #REFRESH_MIN}: the CA may have rotated). The TLS context
 * edges dial https shields with is built once and trusts whatever set was installed last; until the first fetch it
 * trusts nothing, so an https shield is a failed step, never a connection to an unverified peer.
 */
public final class FleetCa implements AutoCloseable {

    static final Duration REFRESH_EVERY = Duration.ofMinutes(5);
    static final Duration REFRESH_MIN = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(FleetCa.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final FleetCaTrustManager trust = new FleetCaTrustManager(this::refreshSoon);
    private final SslContext context;
    private final AtomicBoolean fetching = new AtomicBoolean();
    private volatile long lastFetch = Long.MIN_VALUE / 2;
    private volatile Disposable ticker;
    private volatile boolean closed;

    public FleetCa(String controlPlane, String edgeToken, String nodeId, String role) {
        this.client = HttpClient.create().baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(10))
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken).set("X-Edge-Id", nodeId)
                        .set("X-Edge-Role", role));
        try {
            // Hostname verification (RFC 6125: the SAN DNS name or IP address the edge dialled) by the JDK.
            this.context = SslContextBuilder.forClient().trustManager(trust).endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the edge-to-shield TLS context", e);
        }
    }

    public void start() {
        fetch();
        ticker = Flux.interval(REFRESH_EVERY, REFRESH_EVERY).onBackpressureDrop().subscribe(t -> fetch());
    }

    @Override
    public void close() {
        closed = true;
        Disposable t = ticker;
        if (t != null) {
            t.dispose();
        }
    }

    /** The client TLS context for https shields: the fleet CA only, with hostname verification. */
    public SslContext clientContext() {
        return context;
    }

    /** Whether a CA set was installed (https shields can be verified). */
    public boolean ready() {
        return !trust.certificates().isEmpty();
    }

    /** The CA certificates trusted now. */
    public List<X509Certificate> certificates() {
        return trust.certificates();
    }

    private void refreshSoon() {
        if (System.nanoTime() - lastFetch >= REFRESH_MIN.toNanos()) {
            fetch();
        }
    }

    private void fetch() {
        if (closed || !fetching.compareAndSet(false, true)) {
            return;
        }
        lastFetch = System.nanoTime();
        client.get().uri("/v1/edge/fleet-ca")
                .responseSingle((res, body) -> res.status().code() == 200 ? body.asByteArray()
                        : Mono.error(new IllegalStateException("the control plane answered " + res.status().code())))
                .publishOn(Schedulers.boundedElastic())
                .map(FleetCa::parse)
                .doFinally(s -> fetching.set(false))
                .subscribe(certs -> {
                    try {
                        if (!certs.equals(trust.certificates())) {
                            trust.install(certs);
                            log.info("fleet CA: {} certificate(s) trusted for https shields", certs.size());
                        }
                    } catch (java.security.GeneralSecurityException e) {
                        log.warn("the fleet CA certificates were not installed: {}", e.toString());
                    }
                }, e -> log.warn("fetching the fleet CA failed (the trusted set stays; next try within {}): {}",
                        REFRESH_EVERY, e.toString()));
    }

    static List<X509Certificate> parse(byte[] json) {
        Map<?, ?> body = JSON.readValue(json, Map.class);
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (Object pem : (List<?>) body.get("certificates")) {
                out.add((X509Certificate) f.generateCertificate(
                        new ByteArrayInputStream(((String) pem).getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("a fleet CA certificate does not parse: " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }
}
