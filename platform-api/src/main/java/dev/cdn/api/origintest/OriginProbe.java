package dev.cdn.api.origintest;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.ssrf.AddressPolicy;
import dev.cdn.api.ssrf.HostLookup;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fetches an origin once, as an edge would, and says what happened. The name is resolved off the event loop and
 * every address it has must pass the platform's SSRF rule ({@link AddressPolicy}) before anything connects; the
 * connection then goes to that very address (no second lookup that DNS rebinding could answer differently), with
 * the name kept for SNI and the certificate check. One request, no redirects followed, no body read, a new
 * connection each time (never pooled: a test must see the origin as it is now), bounded by {@link #CONNECT_TIMEOUT}
 * and {@link #RESPONSE_TIMEOUT}.
 */
@Component
class OriginProbe {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    private static final String USER_AGENT = "cdn-origin-test/1";

    private final AddressPolicy policy;
    private final HostLookup lookup;
    private final Ticker ticker;
    private final HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
            .followRedirect(false)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
            .responseTimeout(RESPONSE_TIMEOUT);

    OriginProbe(AddressPolicy policy, HostLookup lookup, Ticker ticker) {
        this.policy = policy;
        this.lookup = lookup;
        this.ticker = ticker;
    }

    Mono<OriginTestResult> test(OriginTestRequest request) {
        request.validate();
        String host = request.host().strip();
        int port = request.portOrDefault();
        long start = ticker.read();
        return lookup.resolve(host).flatMap(addresses -> {
            long resolved = ticker.read();
            if (addresses.isEmpty()) {
                return Mono.just(failed(OriginTestOutcome.DNS_FAILED, null, port, start, resolved,
                        "The host name " + host + " does not resolve in DNS: check its spelling and its DNS records."));
            }
            for (InetAddress address : addresses) {
                Optional<String> refused = policy.refusal(host, address, port);
                if (refused.isPresent()) {
                    return Mono.error(ApiException.invalid("host", refused.get()));
                }
            }
            return fetch(request, host, addresses.get(0), port, start, resolved);
        });
    }

    private Mono<OriginTestResult> fetch(OriginTestRequest request, String host, InetAddress address, int port,
                                         long start, long resolved) {
        // The address carries the name, so SNI and the certificate's host-name check use the name, not the IP.
        InetSocketAddress remote = HostLookup.connectAddress(host, address, port);
        boolean tls = request.useTls();
        String hostHeader = request.hostHeader() != null ? request.hostHeader().strip()
                : (port == (tls ? 443 : 80) ? host : host + ":" + port);
        AtomicReference<OriginTestResult.Tls> session = new AtomicReference<>();
        HttpClient http = client.remoteAddress(() -> remote)
                .headers(h -> h.set(HttpHeaderNames.HOST, hostHeader).set(HttpHeaderNames.USER_AGENT, USER_AGENT))
                .doOnResponse((response, connection) -> {
                    SslHandler ssl = connection.channel().pipeline().get(SslHandler.class);
                    if (ssl != null) {
                        session.set(describe(ssl.engine().getSession()));
                    }
                });
        if (tls) {
            http = http.secure();
        }
        // A relative URI: the connection goes to remoteAddress, the address just checked. An absolute one would
        // make the client connect to the URI's own host and port instead, and hostHeader is the tenant's to choose.
        return http.get().uri(request.pathOrRoot())
                .response((response, body) -> body.then(Mono.just(response.status().code())))
                .next()
                .timeout(CONNECT_TIMEOUT.plus(RESPONSE_TIMEOUT).plusSeconds(1))
                .map(status -> {
                    OriginTestOutcome outcome = status < 400 ? OriginTestOutcome.OK : OriginTestOutcome.HTTP_ERROR;
                    String message = "The origin answered " + status + (status < 400 ? "" : ", an error status")
                            + " in " + millis(start, ticker.read()) + " ms"
                            + (tls ? " over " + (session.get() == null ? "TLS" : session.get().protocol()) : " over plain HTTP")
                            + (status < 400 ? "." : ": check the path, or what the origin answers on it.");
                    return new OriginTestResult(outcome, true, status, address.getHostAddress(), port, session.get(),
                            timings(start, resolved), message);
                })
                .onErrorResume(e -> !(e instanceof ApiException), e -> {
                    OriginTestOutcome outcome = classify(e);
                    return Mono.just(failed(outcome, address.getHostAddress(), port, start, resolved,
                            message(outcome, host, port)));
                });
    }

    private OriginTestResult failed(OriginTestOutcome outcome, String address, int port, long start, long resolved,
                                    String message) {
        return new OriginTestResult(outcome, false, null, address, port, null, timings(start, resolved), message);
    }

    private OriginTestResult.Timings timings(long start, long resolved) {
        return new OriginTestResult.Timings(millis(start, resolved), millis(start, ticker.read()));
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(0, toNanos - fromNanos));
    }

    static OriginTestOutcome classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return OriginTestOutcome.NOT_TLS;
            }
            if (t instanceof SSLException) {
                return OriginTestOutcome.TLS_FAILED;
            }
            if (t instanceof ConnectTimeoutException) {
                return OriginTestOutcome.CONNECT_TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return OriginTestOutcome.CONNECT_REFUSED;
            }
            if (t instanceof ReadTimeoutException || t instanceof TimeoutException) {
                return OriginTestOutcome.TIMEOUT;
            }
            if (t instanceof PrematureCloseException) {
                return OriginTestOutcome.CLOSED;
            }
        }
        return OriginTestOutcome.FAILED;
    }

    static String message(OriginTestOutcome outcome, String host, int port) {
        return switch (outcome) {
            case NOT_TLS -> "The origin answered in plain HTTP, not TLS, on port " + port + ". If it does not serve"
                    + " HTTPS there, use an http:// address, or the port where it serves HTTPS.";
            case TLS_FAILED -> "The TLS handshake with " + host + " failed: its certificate is not valid for this name,"
                    + " has expired or is not signed by a public authority, or it does not serve HTTPS on port " + port + ".";
            case CONNECT_TIMEOUT -> "No connection to " + host + ":" + port + " within " + CONNECT_TIMEOUT.toSeconds()
                    + " s: check the address, and that a firewall lets the CDN in.";
            case CONNECT_REFUSED -> "Nothing accepts connections at " + host + ":" + port + " (connection refused):"
                    + " check the port, and that the origin is running.";
            case TIMEOUT -> "The origin accepted the connection but did not answer within "
                    + RESPONSE_TIMEOUT.toSeconds() + " s.";
            case CLOSED -> "The origin closed the connection without answering.";
            default -> "The request to the origin failed.";
        };
    }

    private static OriginTestResult.Tls describe(SSLSession session) {
        String subject = null;
        String issuer = null;
        String expires = null;
        try {
            if (session.getPeerCertificates().length > 0
                    && session.getPeerCertificates()[0] instanceof X509Certificate cert) {
                subject = cert.getSubjectX500Principal().getName();
                issuer = cert.getIssuerX500Principal().getName();
                expires = cert.getNotAfter().toInstant().toString();
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // No certificate to describe: the protocol and cipher still say what was negotiated.
        }
        return new OriginTestResult.Tls(session.getProtocol(), session.getCipherSuite(), subject, issuer, expires);
    }
}
